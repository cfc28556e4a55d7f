import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisations } from '$lib/server/orgs';
import { dashboard } from '$lib/server/evaluation/dashboard';
import { filterQuery } from '$lib/server/evaluation/filters';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	const db = getDb();
	const scope = orgScope(user, 'evaluator');
	const data = await dashboard(db, url.searchParams, scope, getLocale());
	return {
		title: m.evaluate_title(),
		scopeNames: scope ? (await getOrganisations(db, scope)).map((o) => o.name) : null,
		query: filterQuery(data.filter),
		exportRefused: url.searchParams.get('refused') === 'k',
		...data
	};
};
