import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { mailOutbox, users } from '../db/schema';
import { createUser } from '../users';
import { attemptLogin } from './login';
import { confirmSignup, requestSignup, resendSignupConfirmation, signupLinkState, SIGNUP_MAILS_PER_HOUR } from './signup';

const database = useTestDatabase();
const origin = 'http://lern.test';
let n = 0;

async function mailsTo(email: string) {
	return database().db.select().from(mailOutbox).where(eq(mailOutbox.recipient, email)).orderBy(mailOutbox.id);
}
const tokenIn = (text: string | null) => /\/signup\/([a-z2-7]{32})/.exec(text ?? '')?.[1] ?? '';

describe('self-registration with e-mail confirmation', () => {
	it('creates an unconfirmed account that cannot log in until the mailed link is used', async () => {
		const db = database().db;
		const email = `neu-${++n}@test.example`;
		await requestSignup(db, { name: 'Nina Neu', email, password: 'ein gutes passwort', locale: 'de', origin });
		const [user] = await db.select().from(users).where(eq(users.email, email));
		expect(user?.emailConfirmedAt).toBeNull();
		const login = await attemptLogin(db, { email, password: 'ein gutes passwort', ip: '10.2.0.1' });
		expect(login).toEqual({ ok: false, reason: 'unconfirmed', userId: user!.id });
		// A wrong password still says only "invalid": the unconfirmed state is no oracle.
		expect(await attemptLogin(db, { email, password: 'falsch', ip: '10.2.0.1' })).toEqual({ ok: false, reason: 'invalid' });

		const [mail] = await mailsTo(email);
		expect(mail).toMatchObject({ kind: 'signup_confirm', locale: 'de' });
		const token = tokenIn(mail!.textBody);
		expect(await signupLinkState(db, token)).toBe('valid');
		expect(await confirmSignup(db, token)).toEqual({ ok: true, userId: user!.id });
		expect(await confirmSignup(db, token)).toEqual({ ok: false, state: 'used' });
		expect(await attemptLogin(db, { email, password: 'ein gutes passwort', ip: '10.2.0.1' })).toMatchObject({ ok: true });
	});

	it('answers a known address with a note to its owner and changes nothing', async () => {
		const db = database().db;
		const email = `bekannt-${++n}@test.example`;
		const owner = await createUser(db, { email, name: 'Bea Bekannt', password: 'das echte passwort', roles: [] }, null);
		await requestSignup(db, { name: 'Mallory', email, password: 'fremdes passwort', locale: 'en', origin });
		const [after] = await db.select().from(users).where(eq(users.id, owner.id));
		expect(after?.name).toBe('Bea Bekannt');
		expect(await attemptLogin(db, { email, password: 'das echte passwort', ip: '10.2.0.2' })).toMatchObject({ ok: true });
		const mails = await mailsTo(email);
		expect(mails.map((m) => m.kind)).toEqual(['signup_exists']);
		expect(mails[0]!.locale).toBe('de'); // the owner's language, not the stranger's
		expect(mails[0]!.textBody).toContain(`${origin}/reset`);
	});

	it('replaces an unconfirmed attempt: only whoever owns the mailbox decides the password', async () => {
		const db = database().db;
		const email = `doppelt-${++n}@test.example`;
		await requestSignup(db, { name: 'Erster Versuch', email, password: 'passwort eins', locale: 'de', origin });
		await requestSignup(db, { name: 'Zweiter Versuch', email, password: 'passwort zwei', locale: 'de', origin });
		const mails = await mailsTo(email);
		expect(mails).toHaveLength(2);
		expect(await signupLinkState(db, tokenIn(mails[0]!.textBody))).toBe('used');
		await confirmSignup(db, tokenIn(mails[1]!.textBody));
		expect(await attemptLogin(db, { email, password: 'passwort zwei', ip: '10.2.0.3' })).toMatchObject({ ok: true });
		const [user] = await db.select().from(users).where(eq(users.email, email));
		expect(user?.name).toBe('Zweiter Versuch');
	});

	it('sends at most a few mails per address and hour', async () => {
		const db = database().db;
		const email = `flut-${++n}@test.example`;
		for (let i = 0; i < SIGNUP_MAILS_PER_HOUR + 3; i++) {
			await requestSignup(db, { name: 'Flut', email, password: 'passwort flut', locale: 'de', origin });
		}
		const [user] = await db.select().from(users).where(eq(users.email, email));
		await resendSignupConfirmation(db, user!.id, origin);
		expect(await mailsTo(email)).toHaveLength(SIGNUP_MAILS_PER_HOUR);
	});

	it('expired links say so', async () => {
		const db = database().db;
		const email = `alt-${++n}@test.example`;
		await requestSignup(db, { name: 'Alt', email, password: 'passwort alt', locale: 'de', origin });
		const [mail] = await db.select().from(mailOutbox).where(and(eq(mailOutbox.recipient, email), eq(mailOutbox.kind, 'signup_confirm')));
		const later = new Date(Date.now() + 49 * 60 * 60 * 1000);
		expect(await signupLinkState(db, tokenIn(mail!.textBody), later)).toBe('expired');
		expect(await confirmSignup(db, tokenIn(mail!.textBody), later)).toEqual({ ok: false, state: 'expired' });
	});
});
