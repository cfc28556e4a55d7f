import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { countByType, getOrganisations } from '$lib/server/orgs';

/** Below this many people a count is not shown (k-anonymity; issue #8 makes k configurable). */
const K = 5;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	const db = getDb();
	const scope = orgScope(user, 'evaluator');
	const rows = await countByType(db, scope);
	return {
		title: m.evaluate_title(),
		k: K,
		scopeNames: scope ? (await getOrganisations(db, scope)).map((o) => o.name) : null,
		byType: rows.map((r) => ({ type: r.type, organisations: r.organisations, members: r.members >= K ? r.members : null }))
	};
};
