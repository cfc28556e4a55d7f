import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { invitationRefSchema, inviteSchema } from '$lib/schemas/manage';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { getUnit, listUnits } from '$lib/server/orgs';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';
import {
	classifyInvitees,
	createInvitations,
	invitationState,
	listInvitations,
	resendInvitation,
	revokeInvitation
} from '$lib/server/orgs/invitations';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const db = getDb();
	const list = await listInvitations(db, org.id);
	const confirmId = url.searchParams.get('confirm') === 'revoke' ? url.searchParams.get('invitation') : null;
	const invitations = list.map((i) => ({
		id: i.id,
		email: i.email,
		name: i.name,
		unitName: i.unitName,
		state: invitationState(i),
		sentAt: i.sentAt.toISOString(),
		expiresAt: i.expiresAt.toISOString(),
		acceptedAt: i.acceptedAt?.toISOString() ?? null
	}));
	return {
		title: m.invite_title({ organisation: org.name }),
		units: (await listUnits(db, org.id)).map((u) => ({ id: u.id, name: u.name })),
		invitations,
		confirmRevoke: invitations.find((i) => i.id === confirmId && i.state === 'open') ?? null,
		sent: url.searchParams.get('sent'),
		saved: url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	invite: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, inviteSchema);
		if (!parsed.ok) return parsed.failure;
		const db = getDb();
		const { emails, unit } = parsed.data;
		if (unit && !(await getUnit(db, org.id, unit))) return formFailure(parsed.values, { unit: m.error_choice() });
		const sent = await db.transaction(async (tx) => {
			const status = await classifyInvitees(tx, org.id, emails);
			const members = emails.filter((e) => status.get(e)?.kind === 'member');
			const elsewhere = emails.filter((e) => status.get(e)?.kind === 'other_organisation');
			// Nothing is sent unless every address can be invited: the manager corrects the list first.
			if (members.length || elsewhere.length) {
				const problems = [
					members.length ? m.invite_already_members({ list: members.join(', ') }) : '',
					elsewhere.length ? m.invite_other_organisation({ list: elsewhere.join(', ') }) : ''
				].filter(Boolean);
				return { problems };
			}
			const count = await createInvitations(tx, {
				organisationId: org.id,
				invitees: emails.map((email) => ({ email, unitId: unit })),
				inviterId: user.id,
				locale: getLocale() as 'de' | 'en',
				origin: config().origin
			});
			return { count };
		});
		if ('problems' in sent) return formFailure(parsed.values, { emails: sent.problems!.join(' ') });
		redirect(303, `/manage/${org.id}/invitations?sent=${sent.count}`);
	},
	resend: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, invitationRefSchema);
		if (!parsed.ok) error(400, 'bad request');
		const ok = await getDb().transaction((tx) => resendInvitation(tx, org.id, parsed.data.invitation, { actorId: user.id, origin: config().origin }));
		if (!ok) error(404, 'not found');
		redirect(303, `/manage/${org.id}/invitations?saved=resent`);
	},
	revoke: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, invitationRefSchema);
		if (!parsed.ok) error(400, 'bad request');
		if (!(await getDb().transaction((tx) => revokeInvitation(tx, org.id, parsed.data.invitation, user.id)))) error(404, 'not found');
		redirect(303, `/manage/${org.id}/invitations?saved=revoked`);
	}
};
