import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisations } from '$lib/server/orgs';
import { dashboard } from '$lib/server/evaluation/dashboard';
import { filterQuery } from '$lib/server/evaluation/filters';
import { listStudies } from '$lib/server/evaluation/studies';

/** Why the export form sent the evaluator back (`?refused=`): below k, or the study/key did not fit. */
const REFUSALS = ['k', 'study_missing', 'key_missing', 'closed', 'malformed_key', 'wrong_key'] as const;
type Refusal = (typeof REFUSALS)[number];

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	const db = getDb();
	const scope = orgScope(user, 'evaluator');
	const data = await dashboard(db, url.searchParams, scope, getLocale());
	const refused = url.searchParams.get('refused');
	const studies = (await listStudies(db, scope)).filter((s) => !s.closedAt);
	const study = url.searchParams.get('study');
	return {
		title: m.evaluate_title(),
		scopeNames: scope ? (await getOrganisations(db, scope)).map((o) => o.name) : null,
		query: filterQuery(data.filter),
		exportRefused: REFUSALS.includes(refused as Refusal) ? (refused as Refusal) : null,
		studies: studies.map((s) => ({ id: s.id, name: s.name, organisationName: s.organisationName })),
		selectedStudy: studies.some((s) => s.id === study) ? study : null,
		...data
	};
};
