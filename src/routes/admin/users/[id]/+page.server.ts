import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { grantsFrom, userAccessSchema } from '$lib/schemas/admin';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listOrganisations } from '$lib/server/orgs';
import { getUser, setUserActive, updateUserAccess } from '$lib/server/users';
import { listAudit } from '$lib/server/audit';
import { formFailure, parseForm } from '$lib/server/forms';
import { writeAudit } from '$lib/server/audit';
import { eraseActor } from '$lib/server/xapi/erasure';

const idSchema = z.uuid();

async function loadUser(id: string) {
	if (!idSchema.safeParse(id).success) error(404, 'not found');
	const user = await getUser(getDb(), id);
	if (!user) error(404, 'not found');
	return user;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireAdmin(locals, url);
	const user = await loadUser(params.id);
	const db = getDb();
	return {
		title: user.name,
		target: {
			id: user.id,
			name: user.name,
			email: user.email,
			organisationId: user.organisationId,
			deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
			createdAt: user.createdAt.toISOString(),
			lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
			roles: user.roles.map((r) => r.role),
			evaluatorScoped: user.roles.some((r) => r.role === 'evaluator' && r.organisationId !== null)
		},
		isSelf: user.id === locals.user!.id,
		organisations: await listOrganisations(db),
		history: (await listAudit(db, { targetType: 'user', targetId: user.id, limit: 20 })).entries.map((e) => ({
			...e,
			at: e.at.toISOString()
		})),
		confirm: url.searchParams.get('confirm'),
		saved: url.searchParams.get('saved'),
		erased: url.searchParams.get('erased')
	};
};

export const actions: Actions = {
	access: async ({ request, locals, params }) => {
		const admin = requireAdmin(locals);
		const user = await loadUser(params.id);
		const parsed = await parseForm(request, userAccessSchema);
		if (!parsed.ok) return parsed.failure;
		const grants = grantsFrom(parsed.data);
		// An admin cannot remove their own admin role: the platform must never be left without one by accident.
		if (user.id === admin.id && !grants.some((g) => g.role === 'admin')) {
			return formFailure(parsed.values, { roles: m.admin_cannot_drop_own_admin() });
		}
		await getDb().transaction((tx) =>
			updateUserAccess(tx, user.id, { name: parsed.data.name, organisationId: parsed.data.organisationId, roles: grants }, admin.id)
		);
		redirect(303, `/admin/users/${user.id}?saved=1`);
	},
	deactivate: async ({ locals, params }) => {
		const admin = requireAdmin(locals);
		const user = await loadUser(params.id);
		if (user.id === admin.id) error(400, 'cannot deactivate yourself');
		await getDb().transaction((tx) => setUserActive(tx, user.id, false, admin.id));
		redirect(303, `/admin/users/${user.id}?saved=1`);
	},
	/** Erases the person's learning records in the LRS (statements, documents); the account itself stays. */
	erase: async ({ locals, params }) => {
		const admin = requireAdmin(locals);
		const user = await loadUser(params.id);
		const counts = await getDb().transaction(async (tx) => {
			const c = await eraseActor(tx, user.actorId);
			// Counts only: the audit log must not keep what was just erased.
			await writeAudit(tx, { actorId: admin.id, action: 'user.erase_learning_records', targetType: 'user', targetId: user.id, details: { ...c } });
			return c;
		});
		redirect(303, `/admin/users/${user.id}?erased=${counts.statements}`);
	},
	reactivate: async ({ locals, params }) => {
		const admin = requireAdmin(locals);
		const user = await loadUser(params.id);
		await getDb().transaction((tx) => setUserActive(tx, user.id, true, admin.id));
		redirect(303, `/admin/users/${user.id}?saved=1`);
	}
};
