import { describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { auditLog, invitations, mailOutbox, users } from '../db/schema';
import { createSession, generateSessionToken, listUserSessions } from '../auth/session';
import { createUser } from '../users';
import { createOrganisation, listMembers, setMemberActive, setMemberUnit } from '.';
import { createUnit, deleteUnit, getUnit, renameUnit } from './units';
import { acceptInvitation, createInvitations, listInvitations, resendInvitation, revokeInvitation, viewInvitation } from './invitations';
import { disableJoinCode, findJoinCode, joinWithCode, regenerateJoinCode, registerWithJoinCode } from './join-codes';

const database = useTestDatabase();
const origin = 'http://lb.test';
let n = 0;

async function twoOrganisations() {
	const db = database().db;
	const tag = `org${++n}`;
	const a = await createOrganisation(db, { name: `A ${tag}`, type: 'unternehmen', regionAgs: '03453' }, null);
	const b = await createOrganisation(db, { name: `B ${tag}`, type: 'kammer', regionAgs: '03403' }, null);
	const managerA = await createUser(db, { email: `ma-${tag}@t.example`, name: 'Manager A', organisationId: a.id, roles: [{ role: 'org_manager', organisationId: a.id }] }, null);
	const managerB = await createUser(db, { email: `mb-${tag}@t.example`, name: 'Manager B', organisationId: b.id, roles: [{ role: 'org_manager', organisationId: b.id }] }, null);
	const memberA = await createUser(db, { email: `pa-${tag}@t.example`, name: 'Person A', organisationId: a.id, roles: [{ role: 'learner', organisationId: null }] }, null);
	const unitA = await createUnit(db, a.id, 'Fachbereich 1', managerA.id);
	const unitB = await createUnit(db, b.id, 'Abteilung X', managerB.id);
	return { db, tag, a, b, managerA, managerB, memberA, unitA, unitB };
}

async function invitationLink(email: string) {
	const [mail] = await database().db.select().from(mailOutbox).where(and(eq(mailOutbox.recipient, email), eq(mailOutbox.kind, 'invitation'))).orderBy(desc(mailOutbox.id));
	return /\/invite\/([a-z2-7]{32})/.exec(mail?.textBody ?? '')?.[1] ?? '';
}

describe('a manager is confined to their organisation', () => {
	it('finds nothing of another organisation through any capability, and changes nothing there', async () => {
		const { db, a, b, managerB, memberA, unitA, unitB } = await twoOrganisations();
		await createInvitations(db, { organisationId: a.id, invitees: [{ email: `inv-${n}@t.example` }], inviterId: memberA.id, locale: 'de', origin });
		const [invA] = await listInvitations(db, a.id);

		// Manager B acts with B's organisation id on A's records.
		expect(await renameUnit(db, b.id, unitA.id, 'Übernommen', managerB.id)).toBeNull();
		expect(await deleteUnit(db, b.id, unitA.id, managerB.id)).toBe(false);
		expect(await setMemberActive(db, b.id, memberA.id, false, managerB.id)).toBe('not_found');
		expect(await setMemberUnit(db, b.id, memberA.id, unitB.id, managerB.id)).toBe('not_found');
		// … and with A's member on B's unit.
		expect(await setMemberUnit(db, a.id, memberA.id, unitB.id, managerB.id)).toBe('not_found');
		expect(await revokeInvitation(db, b.id, invA!.id, managerB.id)).toBe(false);
		expect(await resendInvitation(db, b.id, invA!.id, { actorId: managerB.id, origin })).toBe(false);
		expect(await regenerateJoinCode(db, b.id, unitA.id, managerB.id)).toBeNull();
		expect((await listMembers(db, b.id)).map((m) => m.id)).not.toContain(memberA.id);
		expect(await listInvitations(db, b.id)).toEqual([]);

		expect((await getUnit(db, a.id, unitA.id))?.name).toBe('Fachbereich 1');
		const [person] = await db.select().from(users).where(eq(users.id, memberA.id));
		expect(person).toMatchObject({ deactivatedAt: null, unitId: null });
		expect((await listInvitations(db, a.id))[0]?.revokedAt).toBeNull();
		// Manager B's only entries: their own account and unit B, nothing about A.
		const byB = await db.select().from(auditLog).where(eq(auditLog.actorId, managerB.id));
		expect(byB.map((x) => x.action).sort()).toEqual(['unit.create', 'user.signup']);
	});

	it('deactivates only accounts that are wholly the organisation’s, keeping their records', async () => {
		const { db, a, b, managerA, memberA } = await twoOrganisations();
		await createSession(db, generateSessionToken(), memberA.id);
		expect(await setMemberActive(db, a.id, memberA.id, false, managerA.id)).toBe('ok');
		expect(await listUserSessions(db, memberA.id)).toHaveLength(0);
		const [row] = await db.select().from(users).where(eq(users.id, memberA.id));
		expect(row?.deactivatedAt).not.toBeNull();
		expect(row?.organisationId).toBe(a.id);
		expect(await setMemberActive(db, a.id, memberA.id, true, managerA.id)).toBe('ok');

		expect(await setMemberActive(db, a.id, managerA.id, false, managerA.id)).toBe('forbidden');
		const admin = await createUser(db, { email: `admin-${n}@t.example`, name: 'Admin', organisationId: a.id, roles: [{ role: 'admin', organisationId: null }] }, null);
		expect(await setMemberActive(db, a.id, admin.id, false, managerA.id)).toBe('forbidden');
		const trainerElsewhere = await createUser(db, { email: `tr-${n}@t.example`, name: 'T', organisationId: a.id, roles: [{ role: 'trainer', organisationId: b.id }] }, null);
		expect(await setMemberActive(db, a.id, trainerElsewhere.id, false, managerA.id)).toBe('forbidden');
		const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, memberA.id))).map((x) => x.action);
		expect(actions).toEqual(expect.arrayContaining(['member.deactivate', 'member.reactivate']));
	});
});

describe('invitations', () => {
	it('creates the account on acceptance, in the organisation and unit, and works once', async () => {
		const { db, a, managerA, unitA } = await twoOrganisations();
		const email = `neu-${n}@t.example`;
		await createInvitations(db, { organisationId: a.id, invitees: [{ email, name: 'Nina Neu', unitId: unitA.id }], inviterId: managerA.id, locale: 'en', origin });
		const token = await invitationLink(email);
		const view = await viewInvitation(db, token);
		expect(view).toMatchObject({ state: 'valid', organisation: { name: a.name }, unitName: 'Fachbereich 1', account: null });

		const result = await db.transaction((tx) => acceptInvitation(tx, token, { currentUserId: null, name: 'Nina Neu', password: 'nina password', locale: 'de' }));
		expect(result.ok).toBe(true);
		const [user] = await db.select().from(users).where(eq(users.email, email));
		expect(user).toMatchObject({ organisationId: a.id, unitId: unitA.id, name: 'Nina Neu' });
		expect((await viewInvitation(db, token)).state).toBe('used');
	});

	it('lets an existing account join only when it is the one logged in', async () => {
		const { db, a, managerA, memberA } = await twoOrganisations();
		const loner = await createUser(db, { email: `solo-${n}@t.example`, name: 'Solo', password: 'solo password', locale: 'en', roles: [] }, null);
		await createInvitations(db, { organisationId: a.id, invitees: [{ email: loner.email }], inviterId: managerA.id, locale: 'de', origin });
		// The mail is in the person's own language, not the manager's.
		const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, loner.email));
		expect(mail?.subject).toBe(`Invitation to Lernbrücke: ${a.name}`);
		const token = await invitationLink(loner.email);
		expect(await acceptInvitation(db, token, { currentUserId: null, locale: 'de' })).toEqual({ ok: false, state: 'login_required' });
		expect(await acceptInvitation(db, token, { currentUserId: memberA.id, locale: 'de' })).toEqual({ ok: false, state: 'wrong_account' });
		expect(await acceptInvitation(db, token, { currentUserId: loner.id, locale: 'de' })).toEqual({ ok: true, userId: loner.id });
		const rows = await db.select().from(users).where(eq(users.email, loner.email));
		expect(rows).toHaveLength(1);
		expect(rows[0]?.organisationId).toBe(a.id);
	});

	it('voids links when revoked or resent, and refuses expired ones and members of other organisations', async () => {
		const { db, a, b, managerA } = await twoOrganisations();
		const email = `wechsel-${n}@t.example`;
		await createInvitations(db, { organisationId: a.id, invitees: [{ email }], inviterId: managerA.id, locale: 'de', origin });
		const first = await invitationLink(email);
		const [inv] = await listInvitations(db, a.id);
		expect(await resendInvitation(db, a.id, inv!.id, { actorId: managerA.id, origin })).toBe(true);
		const second = await invitationLink(email);
		expect(second).not.toBe(first);
		expect((await viewInvitation(db, first)).state).toBe('invalid');
		expect((await viewInvitation(db, second)).state).toBe('valid');
		const open = (await listInvitations(db, a.id)).find((i) => !i.revokedAt)!;
		expect(await revokeInvitation(db, a.id, open.id, managerA.id)).toBe(true);
		expect((await viewInvitation(db, second)).state).toBe('invalid');

		const old = `alt-${n}@t.example`;
		await createInvitations(db, { organisationId: a.id, invitees: [{ email: old }], inviterId: managerA.id, locale: 'de', origin }, new Date(Date.now() - 15 * 24 * 3600 * 1000));
		expect((await viewInvitation(db, await invitationLink(old))).state).toBe('expired');

		const elsewhere = `anders-${n}@t.example`;
		await createInvitations(db, { organisationId: a.id, invitees: [{ email: elsewhere }], inviterId: managerA.id, locale: 'de', origin });
		await createUser(db, { email: elsewhere, name: 'Anders', organisationId: b.id, roles: [] }, null);
		expect((await viewInvitation(db, await invitationLink(elsewhere))).state).toBe('member_elsewhere');
		expect(await db.select().from(invitations).where(eq(invitations.email, elsewhere))).toHaveLength(1);
	});
});

describe('join codes', () => {
	it('registers people into the organisation or unit until the code is replaced or switched off', async () => {
		const { db, a, managerA, unitA } = await twoOrganisations();
		const code = (await regenerateJoinCode(db, a.id, unitA.id, managerA.id))!;
		expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{10}$/);
		const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
		expect(await findJoinCode(db, typed)).toMatchObject({ organisationId: a.id, unitId: unitA.id, unitName: 'Fachbereich 1' });
		expect(await registerWithJoinCode(db, typed, { name: 'Kai', email: `kai-${n}@t.example`, password: 'kai password', locale: 'de', origin: 'http://t' })).toBe(true);
		// Unconfirmed until the mailed link is followed, but already placed in the code's organisation and unit.
		const [kai] = await db.select().from(users).where(eq(users.email, `kai-${n}@t.example`));
		expect(kai).toMatchObject({ organisationId: a.id, unitId: unitA.id, emailConfirmedAt: null });

		const loner = await createUser(db, { email: `frei-${n}@t.example`, name: 'Frei', roles: [] }, null);
		expect(await joinWithCode(db, code, loner.id)).toBe('ok');
		expect(await joinWithCode(db, code, loner.id)).toBe('already_member');

		const replaced = (await regenerateJoinCode(db, a.id, unitA.id, managerA.id))!;
		expect(await findJoinCode(db, code)).toBeNull();
		expect(await disableJoinCode(db, a.id, unitA.id, managerA.id)).toBe(true);
		expect(await findJoinCode(db, replaced)).toBeNull();
		expect(await registerWithJoinCode(db, replaced, { name: 'Zu spät', email: `spaet-${n}@t.example`, password: 'late password', locale: 'de', origin: 'http://t' })).toBe(false);
	});
});
