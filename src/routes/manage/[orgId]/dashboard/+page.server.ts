import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { completionDashboard } from '$lib/server/assignments/dashboard';
import { getDb } from '$lib/server/db';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const dashboard = await completionDashboard(getDb(), org.id, getLocale());
	return { title: m.dash_title({ organisation: org.name }), dashboard };
};
