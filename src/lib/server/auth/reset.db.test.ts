import { describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { accountTokens, auditLog, mailOutbox, users } from '../db/schema';
import { createUser, setUserActive } from '../users';
import { createSession, generateSessionToken, listUserSessions } from './session';
import { verifyPassword } from './password';
import { completePasswordReset, requestPasswordReset, resetLinkState, RESET_MAILS_PER_HOUR } from './reset';
import { confirmEmailChange, emailChangeLink, requestEmailChange } from './email-change';

const database = useTestDatabase();
const origin = 'http://lb.test';

async function mailsTo(email: string) {
	return database().db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)).orderBy(desc(mailOutbox.id));
}
const linkIn = (text: string | null, path: string) => new RegExp(`${origin}/${path}/([a-z2-7]{32})`).exec(text ?? '')?.[1];

describe('password reset', () => {
	it('mails a one-hour link to an existing account and stores only the token’s hash', async () => {
		const db = database().db;
		const u = await createUser(db, { email: 'reset@test.example', name: 'Rita', locale: 'en', password: 'old password 1', roles: [] }, null);
		const now = new Date();
		await requestPasswordReset(db, { email: ' RESET@test.example ', origin }, now);
		const [mail] = await mailsTo('reset@test.example');
		expect(mail).toMatchObject({ kind: 'password_reset', locale: 'en', subject: 'New password for Lernbrücke' });
		const token = linkIn(mail!.textBody, 'reset')!;
		expect(token).toBeDefined();
		const rows = await db.select().from(accountTokens).where(eq(accountTokens.userId, u.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).not.toContain(token);
		expect(rows[0]!.expiresAt.getTime() - now.getTime()).toBe(60 * 60 * 1000);
		expect(await resetLinkState(db, token)).toBe('valid');
	});

	it('answers unknown and deactivated addresses without a mail or a token', async () => {
		const db = database().db;
		await requestPasswordReset(db, { email: 'nobody@test.example', origin });
		expect(await mailsTo('nobody@test.example')).toHaveLength(0);
		const u = await createUser(db, { email: 'gone@test.example', name: 'G', password: 'pass word 12', roles: [] }, null);
		await setUserActive(db, u.id, false, u.id);
		await requestPasswordReset(db, { email: 'gone@test.example', origin });
		expect(await mailsTo('gone@test.example')).toHaveLength(0);
	});

	it('sends no more than a few mails an hour to one account', async () => {
		const db = database().db;
		await createUser(db, { email: 'flood@test.example', name: 'F', password: 'pass word 12', roles: [] }, null);
		for (let i = 0; i < RESET_MAILS_PER_HOUR + 2; i++) await requestPasswordReset(db, { email: 'flood@test.example', origin });
		expect(await mailsTo('flood@test.example')).toHaveLength(RESET_MAILS_PER_HOUR);
	});

	it('sets the new password once, ends every session and voids older links', async () => {
		const db = database().db;
		const u = await createUser(db, { email: 'once@test.example', name: 'O', password: 'old password 1', roles: [] }, null);
		await createSession(db, generateSessionToken(), u.id);
		await requestPasswordReset(db, { email: 'once@test.example', origin });
		await requestPasswordReset(db, { email: 'once@test.example', origin });
		const [newer, older] = (await mailsTo('once@test.example')).map((m) => linkIn(m.textBody, 'reset')!);

		const result = await db.transaction((tx) => completePasswordReset(tx, newer!, 'new password 2'));
		expect(result).toEqual({ ok: true, userId: u.id });
		const [row] = await db.select().from(users).where(eq(users.id, u.id));
		expect(await verifyPassword(row!.passwordHash!, 'new password 2')).toBe(true);
		expect(await listUserSessions(db, u.id)).toHaveLength(0);

		expect(await completePasswordReset(db, newer!, 'third password 3')).toEqual({ ok: false, state: 'used' });
		expect(await completePasswordReset(db, older!, 'third password 3')).toEqual({ ok: false, state: 'used' });
		expect(await completePasswordReset(db, 'a'.repeat(32), 'third password 3')).toEqual({ ok: false, state: 'invalid' });
		const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, u.id));
		expect(audit.map((a) => a.action)).toContain('user.password_reset');
	});

	it('refuses a link after its hour', async () => {
		const db = database().db;
		await createUser(db, { email: 'late@test.example', name: 'L', password: 'old password 1', roles: [] }, null);
		const then = new Date(Date.now() - 61 * 60 * 1000);
		await requestPasswordReset(db, { email: 'late@test.example', origin }, then);
		const token = linkIn((await mailsTo('late@test.example'))[0]!.textBody, 'reset')!;
		expect(await resetLinkState(db, token)).toBe('expired');
		expect(await completePasswordReset(db, token, 'new password 2')).toEqual({ ok: false, state: 'expired' });
	});
});

describe('e-mail change', () => {
	it('confirms through the new address, tells the old one, and works once', async () => {
		const db = database().db;
		const u = await createUser(db, { email: 'old@test.example', name: 'Olga', password: 'pass word 12', roles: [] }, null);
		await requestEmailChange(db, { userId: u.id, newEmail: 'New@Test.example', origin });
		const [confirm] = await mailsTo('new@test.example');
		const [notice] = await mailsTo('old@test.example');
		expect(confirm?.kind).toBe('email_change_confirm');
		expect(notice?.kind).toBe('email_change_notice');
		expect(notice?.textBody).toContain('new@test.example');
		expect(linkIn(notice?.textBody ?? '', 'account/email')).toBeUndefined();
		const token = linkIn(confirm!.textBody, 'account/email')!;
		expect(await emailChangeLink(db, token)).toEqual({ state: 'valid', newEmail: 'new@test.example' });

		expect(await confirmEmailChange(db, token)).toMatchObject({ ok: true, email: 'new@test.example' });
		const [row] = await db.select().from(users).where(eq(users.id, u.id));
		expect(row?.email).toBe('new@test.example');
		expect(await confirmEmailChange(db, token)).toEqual({ ok: false, state: 'used' });
	});

	it('refuses an address another account uses, at request and at confirmation, without telling the requester', async () => {
		const db = database().db;
		const a = await createUser(db, { email: 'a-change@test.example', name: 'A', roles: [] }, null);
		await createUser(db, { email: 'b-change@test.example', name: 'B', roles: [] }, null);
		// The request "succeeds" as for a free address; the holder of the address hears of it, no link is sent.
		await requestEmailChange(db, { userId: a.id, newEmail: 'b-change@test.example', origin });
		const toHolder = await mailsTo('b-change@test.example');
		expect(toHolder).toHaveLength(1);
		expect(toHolder[0]!.subject).toContain('anderes Konto');
		expect(linkIn(toHolder[0]!.textBody, 'account/email')).toBeUndefined();
		expect(await mailsTo('a-change@test.example')).toHaveLength(0);
		const [unchanged] = await db.select().from(users).where(eq(users.id, a.id));
		expect(unchanged?.email).toBe('a-change@test.example');

		await requestEmailChange(db, { userId: a.id, newEmail: 'c-change@test.example', origin });
		const token = linkIn((await mailsTo('c-change@test.example'))[0]!.textBody, 'account/email')!;
		await createUser(db, { email: 'c-change@test.example', name: 'C', roles: [] }, null);
		expect(await confirmEmailChange(db, token)).toEqual({ ok: false, state: 'taken' });
	});
});
