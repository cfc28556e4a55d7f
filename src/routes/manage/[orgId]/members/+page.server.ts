import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { memberRefSchema, memberUnitSchema } from '$lib/schemas/manage';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { canManageMember, listMembers, listUnits, setMemberActive, setMemberUnit, type MemberChange } from '$lib/server/orgs';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

const query = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	unit: z.union([z.uuid(), z.literal('none')]).optional().catch(undefined)
});

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, org } = await requireManagedOrganisation(locals, params.orgId, url);
	const db = getDb();
	const filter = query.parse(Object.fromEntries(url.searchParams));
	const members = await listMembers(db, org.id, { q: filter.q, unitId: filter.unit });
	const confirmId = url.searchParams.get('confirm') === 'deactivate' ? url.searchParams.get('member') : null;
	const confirmMember = confirmId ? members.find((p) => p.id === confirmId) : undefined;
	return {
		title: m.manage_members_title({ organisation: org.name }),
		filter,
		units: (await listUnits(db, org.id)).map((u) => ({ id: u.id, name: u.name })),
		members: members.map((p) => ({ ...p, deactivatedAt: p.deactivatedAt?.toISOString() ?? null, self: p.id === user.id })),
		confirmMember:
			confirmMember && (await canManageMember(db, org.id, confirmMember.id, user.id)) === 'ok'
				? { id: confirmMember.id, name: confirmMember.name }
				: null,
		saved: url.searchParams.get('saved')
	};
};

function outcome(result: MemberChange, orgId: string, saved: string, values: Record<string, string | string[]>) {
	if (result === 'not_found') error(404, 'not found');
	if (result === 'forbidden') return formFailure(values, { _form: m.manage_member_not_yours() }, 403);
	redirect(303, `/manage/${orgId}/members?saved=${saved}`);
}

export const actions: Actions = {
	unit: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, memberUnitSchema);
		if (!parsed.ok) return parsed.failure;
		const result = await getDb().transaction((tx) => setMemberUnit(tx, org.id, parsed.data.member, parsed.data.unit, user.id));
		return outcome(result, org.id, 'unit', parsed.values);
	},
	deactivate: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, memberRefSchema);
		if (!parsed.ok) error(400, 'bad request');
		const result = await getDb().transaction((tx) => setMemberActive(tx, org.id, parsed.data.member, false, user.id));
		return outcome(result, org.id, 'deactivated', parsed.values);
	},
	reactivate: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, memberRefSchema);
		if (!parsed.ok) error(400, 'bad request');
		const result = await getDb().transaction((tx) => setMemberActive(tx, org.id, parsed.data.member, true, user.id));
		return outcome(result, org.id, 'reactivated', parsed.values);
	}
};
