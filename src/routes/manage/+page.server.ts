import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisations, listOrganisations } from '$lib/server/orgs';
import { regionLabel } from '$lib/regions';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'org_manager', url);
	const db = getDb();
	const scope = orgScope(user, 'org_manager');
	// Scoped managers see the organisations they manage; admins (unscoped) all of them.
	const orgs = scope ? await getOrganisations(db, scope) : await listOrganisations(db);
	return {
		title: m.manage_title(),
		organisations: orgs.map((o) => ({ id: o.id, name: o.name, type: o.type, region: regionLabel(o.regionAgs) }))
	};
};
