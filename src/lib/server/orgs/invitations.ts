import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { invitations, organisations, organisationUnits, users, type Invitation, type Locale } from '../db/schema';
import { writeAudit } from '../audit';
import { enqueueMails, type MailRequest } from '../mail/outbox';
import { hashOneTimeToken, linkState, newOneTimeToken, TOKEN_PATTERN, type LinkState } from '../auth/one-time-token';
import { createUser } from '../users';
import { claimPendingAssignments } from '../assignments';

export const INVITATION_DAYS = 14;
const DAY = 24 * 60 * 60 * 1000;

export interface InviteeInput {
	email: string;
	name?: string | null;
	unitId?: string | null;
}

/**
 * Where an address stands with respect to an organisation, decided before anything is written: a new
 * invitation, already a member (nothing to send; the unit may change), or not possible because the account
 * belongs to another organisation — whose accounts a manager never touches.
 */
export type InviteeStatus =
	| { kind: 'invite'; existingAccount: boolean; replacesInvitation: boolean }
	| { kind: 'member'; userId: string; unitId: string | null }
	| { kind: 'other_organisation' };

export async function classifyInvitees(db: DbOrTx, organisationId: string, emails: string[], now = new Date()) {
	const unique = [...new Set(emails)];
	const result = new Map<string, InviteeStatus>();
	const accounts = new Map<string, { id: string; organisationId: string | null; unitId: string | null }>();
	const open = new Set<string>();
	// In chunks: PostgreSQL takes at most 65,535 parameters per statement.
	for (let i = 0; i < unique.length; i += 5000) {
		const chunk = unique.slice(i, i + 5000);
		const rows = await db
			.select({ id: users.id, email: users.email, organisationId: users.organisationId, unitId: users.unitId })
			.from(users)
			.where(inArray(users.email, chunk));
		for (const r of rows) accounts.set(r.email, r);
		const pending = await db
			.select({ email: invitations.email })
			.from(invitations)
			.where(and(eq(invitations.organisationId, organisationId), inArray(invitations.email, chunk), ...openConditions(now)));
		for (const p of pending) open.add(p.email);
	}
	for (const email of unique) {
		const account = accounts.get(email);
		if (account?.organisationId === organisationId) result.set(email, { kind: 'member', userId: account.id, unitId: account.unitId });
		else if (account?.organisationId) result.set(email, { kind: 'other_organisation' });
		else result.set(email, { kind: 'invite', existingAccount: Boolean(account), replacesInvitation: open.has(email) });
	}
	return result;
}

const openConditions = (now: Date) => [isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)];

/**
 * Creates invitations and their mails in the caller's transaction. An open invitation for the same address
 * is withdrawn first, so each person has at most one working link. Callers classify first: addresses of
 * members or of other organisations must not get here.
 */
export async function createInvitations(
	db: DbOrTx,
	input: { organisationId: string; invitees: InviteeInput[]; inviterId: string; locale: Locale; origin: string },
	now = new Date()
): Promise<number> {
	if (!input.invitees.length) return 0;
	const [org] = await db.select().from(organisations).where(eq(organisations.id, input.organisationId));
	const [inviter] = await db.select({ name: users.name }).from(users).where(eq(users.id, input.inviterId));
	if (!org || !inviter) throw new Error('organisation or inviter missing');
	const units = new Map(
		(await db.select().from(organisationUnits).where(eq(organisationUnits.organisationId, org.id))).map((u) => [u.id, u.name])
	);
	const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY);
	const emails = input.invitees.map((i) => i.email);
	for (let i = 0; i < emails.length; i += 5000) {
		await db
			.update(invitations)
			.set({ revokedAt: now })
			.where(and(eq(invitations.organisationId, org.id), inArray(invitations.email, emails.slice(i, i + 5000)), ...openConditions(now)));
	}
	// People who already have an account get the invitation in their own language; others in the inviter's.
	const known = new Map<string, Locale>();
	for (let i = 0; i < emails.length; i += 5000) {
		const rows = await db.select({ email: users.email, locale: users.locale }).from(users).where(inArray(users.email, emails.slice(i, i + 5000)));
		for (const r of rows) known.set(r.email, r.locale);
	}
	const rows: (typeof invitations.$inferInsert)[] = [];
	const mails: MailRequest<'invitation'>[] = [];
	for (const invitee of input.invitees) {
		const locale = known.get(invitee.email) ?? input.locale;
		const unitId = invitee.unitId && units.has(invitee.unitId) ? invitee.unitId : null;
		const { token, id } = newOneTimeToken();
		rows.push({
			tokenHash: id,
			organisationId: org.id,
			unitId,
			email: invitee.email,
			name: invitee.name || null,
			locale,
			invitedBy: input.inviterId,
			createdAt: now,
			sentAt: now,
			expiresAt
		});
		mails.push({
			to: invitee.email,
			locale,
			template: 'invitation',
			data: { organisation: org.name, unit: unitId ? units.get(unitId)! : null, inviter: inviter.name, url: `${input.origin}/invite/${token}`, expiresAt }
		});
	}
	for (let i = 0; i < rows.length; i += 1000) await db.insert(invitations).values(rows.slice(i, i + 1000));
	await enqueueMails(db, mails);
	await writeAudit(db, {
		actorId: input.inviterId,
		action: 'invitation.create',
		targetType: 'organisation',
		targetId: org.id,
		details: { count: rows.length, emails: rows.length <= 50 ? emails : undefined }
	});
	return rows.length;
}

export type InvitationState = 'open' | 'expired' | 'accepted' | 'revoked';

export function invitationState(inv: Pick<Invitation, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): InvitationState {
	if (inv.acceptedAt) return 'accepted';
	if (inv.revokedAt) return 'revoked';
	return now >= inv.expiresAt ? 'expired' : 'open';
}

/** The manager's list: newest first, accepted and withdrawn ones included (limited), no token hashes. */
export async function listInvitations(db: DbOrTx, organisationId: string, limit = 500) {
	return db
		.select({
			id: invitations.id,
			email: invitations.email,
			name: invitations.name,
			unitName: organisationUnits.name,
			createdAt: invitations.createdAt,
			sentAt: invitations.sentAt,
			expiresAt: invitations.expiresAt,
			acceptedAt: invitations.acceptedAt,
			revokedAt: invitations.revokedAt
		})
		.from(invitations)
		.leftJoin(organisationUnits, eq(organisationUnits.id, invitations.unitId))
		.where(eq(invitations.organisationId, organisationId))
		.orderBy(desc(invitations.sentAt))
		.limit(limit);
}

async function getInvitation(db: DbOrTx, organisationId: string, id: string) {
	const [inv] = await db
		.select()
		.from(invitations)
		.where(and(eq(invitations.id, id), eq(invitations.organisationId, organisationId)));
	return inv ?? null;
}

export async function revokeInvitation(db: DbOrTx, organisationId: string, id: string, actorId: string, now = new Date()) {
	const inv = await getInvitation(db, organisationId, id);
	if (!inv || inv.acceptedAt || inv.revokedAt) return false;
	await db.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id));
	await writeAudit(db, { actorId, action: 'invitation.revoke', targetType: 'organisation', targetId: organisationId, details: { email: inv.email } });
	return true;
}

/** A fresh link with a fresh expiry; the previous link stops working. Open, expired and withdrawn ones can be resent. */
export async function resendInvitation(
	db: DbOrTx,
	organisationId: string,
	id: string,
	input: { actorId: string; origin: string },
	now = new Date()
) {
	const inv = await getInvitation(db, organisationId, id);
	if (!inv || inv.acceptedAt) return false;
	const status = (await classifyInvitees(db, organisationId, [inv.email], now)).get(inv.email);
	if (status?.kind !== 'invite') return false;
	await db.update(invitations).set({ revokedAt: inv.revokedAt ?? now }).where(eq(invitations.id, id));
	await createInvitations(
		db,
		{ organisationId, invitees: [{ email: inv.email, name: inv.name, unitId: inv.unitId }], inviterId: input.actorId, locale: inv.locale, origin: input.origin },
		now
	);
	return true;
}

export interface InvitationView {
	state: LinkState | 'member_elsewhere';
	invitation?: Invitation;
	organisation?: { id: string; name: string };
	unitName?: string | null;
	/** The account with the invited address, if there is one: it joins instead of registering anew. */
	account?: { id: string; organisationId: string | null; deactivated: boolean } | null;
}

/** What the invitation page needs; never says more than the link's own contents to whoever holds it. */
export async function viewInvitation(db: DbOrTx, token: string, now = new Date()): Promise<InvitationView> {
	if (!TOKEN_PATTERN.test(token)) return { state: 'invalid' };
	const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, hashOneTimeToken(token)));
	const state = linkState(row ? { ...row, usedAt: row.acceptedAt } : null, now);
	if (!row || state !== 'valid') return { state };
	const [org] = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.id, row.organisationId));
	const [unit] = row.unitId ? await db.select({ name: organisationUnits.name }).from(organisationUnits).where(eq(organisationUnits.id, row.unitId)) : [];
	const [account] = await db
		.select({ id: users.id, organisationId: users.organisationId, deactivatedAt: users.deactivatedAt })
		.from(users)
		.where(eq(users.email, row.email));
	const view: InvitationView = {
		state: 'valid',
		invitation: row,
		organisation: org,
		unitName: unit?.name ?? null,
		account: account ? { id: account.id, organisationId: account.organisationId, deactivated: Boolean(account.deactivatedAt) } : null
	};
	if (account && (account.deactivatedAt || (account.organisationId && account.organisationId !== row.organisationId))) view.state = 'member_elsewhere';
	return view;
}

export type AcceptResult = { ok: true; userId: string } | { ok: false; state: InvitationView['state'] | 'wrong_account' | 'login_required' };

/**
 * Accepts an invitation: a new account is created with the invited address (the link proved it), or the
 * existing account — which must be the one logged in — joins. Uses the link up. Call in a transaction.
 */
export async function acceptInvitation(
	db: DbOrTx,
	token: string,
	input: { currentUserId: string | null; name?: string; password?: string; locale: Locale },
	now = new Date()
): Promise<AcceptResult> {
	const view = await viewInvitation(db, token, now);
	if (view.state !== 'valid' || !view.invitation) return { ok: false, state: view.state };
	const inv = view.invitation;
	let userId: string;
	if (view.account) {
		if (!input.currentUserId) return { ok: false, state: 'login_required' };
		if (input.currentUserId !== view.account.id) return { ok: false, state: 'wrong_account' };
		userId = view.account.id;
		await db.update(users).set({ organisationId: inv.organisationId, unitId: inv.unitId }).where(eq(users.id, userId));
	} else {
		// Someone else is logged in on this browser: the new account must not be mixed up with theirs.
		if (input.currentUserId) return { ok: false, state: 'wrong_account' };
		if (!input.name || !input.password) throw new Error('name and password required for a new account');
		const user = await createUser(
			db,
			{
				email: inv.email,
				name: input.name,
				password: input.password,
				locale: input.locale,
				organisationId: inv.organisationId,
				unitId: inv.unitId,
				roles: [{ role: 'learner', organisationId: null }]
			},
			null
		);
		userId = user.id;
	}
	const claimed = await db
		.update(invitations)
		.set({ acceptedAt: now, acceptedBy: userId })
		.where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
		.returning({ id: invitations.id });
	if (!claimed.length) throw new Error('invitation accepted concurrently');
	// Courses from the CSV row wait on the address; organisation and unit assignments reach them by membership.
	await claimPendingAssignments(db, inv.organisationId, inv.email, userId);
	await writeAudit(db, {
		actorId: userId,
		action: 'invitation.accept',
		targetType: 'organisation',
		targetId: inv.organisationId,
		details: { invitationId: inv.id, newAccount: !view.account }
	});
	return { ok: true, userId };
}
