import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { studyIdSchema, studySchema } from '$lib/schemas/evaluation';
import { orgScope, requireRole } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { getOrganisations, listOrganisations } from '$lib/server/orgs';
import { closeStudy, createStudy, formatStudyKey, listStudies } from '$lib/server/evaluation/studies';

/**
 * The evaluator's studies (docs/decisions/009-evaluation-exports.md): an organisation-scoped evaluator sees
 * and creates only studies of their organisations, as on the dashboard; every load and action checks it.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	const db = getDb();
	const orgs = orgScope(user, 'evaluator');
	const studies = await listStudies(db, orgs);
	const confirmId = url.searchParams.get('confirm');
	const confirm = studies.find((s) => s.id === confirmId && !s.closedAt);
	const organisations = orgs ? await getOrganisations(db, orgs) : await listOrganisations(db);
	return {
		title: m.evaluate_studies_title(),
		studies: studies.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), closedAt: s.closedAt?.toISOString() ?? null })),
		organisations: organisations.map((o) => ({ value: o.id, label: o.name })),
		scoped: orgs !== null,
		confirm: confirm ? { id: confirm.id, name: confirm.name } : null,
		closed: url.searchParams.get('closed') === '1'
	};
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const user = requireRole(locals, 'evaluator');
		const orgs = orgScope(user, 'evaluator');
		const parsed = await parseForm(request, studySchema);
		if (!parsed.ok) return parsed.failure;
		const values = parsed.values;
		let organisationId = parsed.data.organisationId;
		// A scoped evaluator's study always belongs to one of their organisations (the only one, if just one).
		if (orgs && !organisationId && orgs.length === 1) organisationId = orgs[0]!;
		if (orgs && (!organisationId || !orgs.includes(organisationId))) return formFailure(values, { organisationId: m.error_choice() });
		if (organisationId && !(await getOrganisations(getDb(), [organisationId])).length) return formFailure(values, { organisationId: m.error_choice() });
		const { study, key } = await getDb().transaction((tx) => createStudy(tx, { name: parsed.data.name, organisationId, createdBy: user.id }));
		// No redirect: the key exists only in this response and is never shown again.
		return { created: { id: study.id, name: study.name, createdAt: study.createdAt.toISOString(), key: formatStudyKey(key) } };
	},
	close: async ({ request, locals }) => {
		const user = requireRole(locals, 'evaluator');
		const parsed = await parseForm(request, studyIdSchema);
		if (!parsed.ok) error(400, 'invalid study');
		const found = await getDb().transaction((tx) => closeStudy(tx, parsed.data.id, orgScope(user, 'evaluator'), user.id));
		if (!found) error(404, 'not found');
		redirect(303, '/evaluate/studies?closed=1');
	}
};
