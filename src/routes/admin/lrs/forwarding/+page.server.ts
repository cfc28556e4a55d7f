import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { forwardTargetIdSchema, forwardTargetSchema } from '$lib/schemas/lrs';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listAudit } from '$lib/server/audit';
import { listOrganisations } from '$lib/server/orgs';
import { formFailure, parseForm } from '$lib/server/forms';
import { createTarget, deleteTarget, listDeadLetters, listTargets, retryTarget, setTargetDisabled, updateTarget } from '$lib/server/xapi/forward';

const PAGE = '/admin/lrs/forwarding';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	const targets = await listTargets(db);
	const organisations = (await listOrganisations(db)).map((o) => ({ value: o.id, label: o.name }));
	const orgName = new Map(organisations.map((o) => [o.value, o.label]));
	const deadLetters = Object.fromEntries(
		await Promise.all(
			targets
				.filter((t) => t.counts.dead > 0)
				.map(async (t) => [t.id, (await listDeadLetters(db, t.id, 5)).map((d) => ({ ...d, createdAt: d.createdAt.toISOString() }))] as const)
		)
	);
	const editing = targets.find((t) => t.id === url.searchParams.get('edit'));
	const confirming = targets.find((t) => t.id === url.searchParams.get('confirm'));
	return {
		title: m.lrs_forward_title(),
		// The password stays on the server: the page only learns that one is stored.
		targets: targets.map((t) => ({
			id: t.id,
			name: t.name,
			endpoint: t.endpoint,
			username: t.username,
			version: t.version,
			verbs: t.verbs,
			activities: t.activities,
			organisationName: t.organisationId ? (orgName.get(t.organisationId) ?? null) : null,
			disabledAt: t.disabledAt?.toISOString() ?? null,
			counts: t.counts
		})),
		deadLetters,
		organisations,
		editing: editing
			? { id: editing.id, name: editing.name, endpoint: editing.endpoint, username: editing.username, version: editing.version, verbs: editing.verbs.join('\n'), activities: editing.activities.join('\n'), organisationId: editing.organisationId ?? '' }
			: null,
		confirm: confirming ? { id: confirming.id, name: confirming.name, pending: confirming.counts.pending } : null,
		saved: url.searchParams.get('saved'),
		retried: url.searchParams.get('retried'),
		history: (await listAudit(db, { targetType: 'lrs_forward', limit: 20 })).entries.map((e) => ({ ...e, at: e.at.toISOString() }))
	};
};

async function targetId(request: Request): Promise<string> {
	const parsed = await parseForm(request, forwardTargetIdSchema);
	if (!parsed.ok) error(400, 'invalid target');
	return parsed.data.id;
}

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const parsed = await parseForm(request, forwardTargetSchema);
		if (!parsed.ok) return parsed.failure;
		const { id, password, ...input } = parsed.data;
		if (!id && !password) return formFailure(parsed.values, { password: m.error_required() });
		const found = await getDb().transaction(async (tx) => {
			if (id) return updateTarget(tx, id, { ...input, password }, admin.id);
			await createTarget(tx, { ...input, password: password! }, admin.id);
			return true;
		});
		if (!found) error(404, 'not found');
		redirect(303, `${PAGE}?saved=1`);
	},
	delete: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const id = await targetId(request);
		if (!(await getDb().transaction((tx) => deleteTarget(tx, id, admin.id)))) error(404, 'not found');
		redirect(303, `${PAGE}?saved=1`);
	},
	disable: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const id = await targetId(request);
		if (!(await getDb().transaction((tx) => setTargetDisabled(tx, id, true, admin.id)))) error(404, 'not found');
		redirect(303, `${PAGE}?saved=1`);
	},
	enable: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const id = await targetId(request);
		if (!(await getDb().transaction((tx) => setTargetDisabled(tx, id, false, admin.id)))) error(404, 'not found');
		redirect(303, `${PAGE}?saved=1`);
	},
	retry: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const id = await targetId(request);
		const n = await getDb().transaction((tx) => retryTarget(tx, id, admin.id));
		if (n === null) error(404, 'not found');
		redirect(303, `${PAGE}?retried=${n}`);
	}
};
