import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisations, listMembers, listOrganisations } from '$lib/server/orgs';
import { regionLabel } from '$lib/regions';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'org_manager', url);
	const db = getDb();
	const scope = orgScope(user, 'org_manager');
	// Unscoped managers (admins) get the list of organisations; scoped ones their own with members.
	const orgs = scope ? await getOrganisations(db, scope) : await listOrganisations(db);
	const withMembers = scope
		? await Promise.all(
				orgs.map(async (o) => ({ ...o, region: regionLabel(o.regionAgs), members: await listMembers(db, o.id) }))
			)
		: orgs.map((o) => ({ ...o, region: regionLabel(o.regionAgs), members: null }));
	return { title: m.manage_title(), organisations: withMembers };
};
