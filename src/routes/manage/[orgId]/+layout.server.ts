import type { LayoutServerLoad } from './$types';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

// Only shapes the organisation's name for the sub-navigation; every page and action authorises itself too.
export const load: LayoutServerLoad = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	return { org: { id: org.id, name: org.name } };
};
