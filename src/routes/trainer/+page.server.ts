import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisations } from '$lib/server/orgs';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'trainer', url);
	const scope = orgScope(user, 'trainer');
	return {
		title: m.trainer_title(),
		organisations: scope ? await getOrganisations(getDb(), scope) : null
	};
};
