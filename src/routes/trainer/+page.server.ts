import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisations } from '$lib/server/orgs';
import { getLocale } from '$lib/paraglide/runtime';
import { listCatalogue } from '$lib/server/learning/catalogue';
import { foreignCourseIds, listDrafts } from '$lib/server/authoring';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'trainer', url);
	const scope = orgScope(user, 'trainer');
	const db = getDb();
	const foreign = await foreignCourseIds(db, user);
	return {
		title: m.trainer_title(),
		organisations: scope ? await getOrganisations(db, scope) : null,
		drafts: await listDrafts(db, user),
		showArchived: url.searchParams.get('archived') === '1',
		courses: (await listCatalogue(db, getLocale())).filter((c) => !foreign.has(c.courseId)).map((c) => ({ slug: c.slug, title: c.title, lang: c.lang }))
	};
};
