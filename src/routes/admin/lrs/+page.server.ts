import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { lrsClientIdSchema, lrsClientSchema } from '$lib/schemas/lrs';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listOrganisations } from '$lib/server/orgs';
import { listAudit } from '$lib/server/audit';
import { parseForm } from '$lib/server/forms';
import { countPlatformStatements, createClientAudited, listClientsWithCounts, setClientDisabledAudited } from '$lib/server/xapi/admin';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	const clients = await listClientsWithCounts(db);
	const confirmId = url.searchParams.get('confirm');
	return {
		title: m.lrs_title(),
		clients: clients.map((c) => ({ ...c, createdAt: c.createdAt.toISOString(), disabledAt: c.disabledAt?.toISOString() ?? null })),
		platformStatements: await countPlatformStatements(db),
		organisations: (await listOrganisations(db)).map((o) => ({ value: o.id, label: o.name })),
		confirm: clients.find((c) => c.id === confirmId) ? { id: confirmId!, name: clients.find((c) => c.id === confirmId)!.name } : null,
		history: (await listAudit(db, { targetType: 'lrs_client', limit: 20 })).entries.map((e) => ({ ...e, at: e.at.toISOString() })),
		saved: url.searchParams.get('saved')
	};
};

async function toggle(request: Request, adminId: string, disabled: boolean) {
	const parsed = await parseForm(request, lrsClientIdSchema);
	if (!parsed.ok) error(400, 'invalid client');
	const found = await getDb().transaction((tx) => setClientDisabledAudited(tx, parsed.data.id, disabled, adminId));
	if (!found) error(404, 'not found');
	redirect(303, '/admin/lrs?saved=1');
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const parsed = await parseForm(request, lrsClientSchema);
		if (!parsed.ok) return parsed.failure;
		const { client, key, secret } = await getDb().transaction((tx) =>
			createClientAudited(tx, { name: parsed.data.name, scopes: parsed.data.scopes, organisationId: parsed.data.organisationId, createdBy: admin.id })
		);
		// No redirect: the secret exists only in this response and is never shown again.
		return { created: { id: client.id, name: client.name, key, secret } };
	},
	disable: async ({ request, locals }) => toggle(request, requireAdmin(locals).id, true),
	enable: async ({ request, locals }) => toggle(request, requireAdmin(locals).id, false)
};
