import { and, count, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { accountTokens, mailOutbox, organisations, users, type Locale } from '../db/schema';
import { writeAudit } from '../audit';
import { enqueueMail } from '../mail';
import { createUser } from '../users';
import { hashPassword } from './password';
import { linkState, newOneTimeToken, type LinkState } from './one-time-token';
import { deleteStaleTokens, findAccountToken } from './reset';

/**
 * Self-registration (sign-up, join code) proves the address before the account can be used, and answers the
 * same whatever the address: new → a confirmation link; known but unconfirmed → a fresh link (the earlier
 * attempt proved nothing, so its name and password are replaced); known and confirmed → a note to the owner.
 * Nobody learns from the form whether an address has an account.
 */
export const SIGNUP_VALID_MS = 48 * 60 * 60 * 1000;
/** Per address and hour: a sign-up form must not become a way to flood a mailbox. */
export const SIGNUP_MAILS_PER_HOUR = 3;

export interface SignupInput {
	name: string;
	email: string;
	password: string;
	locale: Locale;
	origin: string;
	/** Join code registration: the organisation (and unit) the person joins once confirmed. */
	organisationId?: string | null;
	unitId?: string | null;
}

export async function requestSignup(db: DbOrTx, input: SignupInput, now = new Date()): Promise<void> {
	const email = input.email.trim().toLowerCase();
	const [existing] = await db.select().from(users).where(eq(users.email, email));
	if ((await mailsSentRecently(db, email, now)) >= SIGNUP_MAILS_PER_HOUR) return;
	await deleteStaleTokens(db, now);

	if (existing?.emailConfirmedAt || existing?.deactivatedAt) {
		if (!existing.deactivatedAt) {
			await enqueueMail(db, {
				to: existing.email,
				locale: existing.locale,
				template: 'signup_exists',
				data: { name: existing.name, loginUrl: `${input.origin}/login`, resetUrl: `${input.origin}/reset` }
			});
		}
		return;
	}

	let userId: string;
	if (existing) {
		await db
			.update(users)
			.set({
				name: input.name.trim(),
				passwordHash: await hashPassword(input.password),
				locale: input.locale,
				organisationId: input.organisationId ?? null,
				unitId: input.unitId ?? null
			})
			.where(eq(users.id, existing.id));
		await db
			.update(accountTokens)
			.set({ usedAt: now })
			.where(and(eq(accountTokens.userId, existing.id), eq(accountTokens.purpose, 'signup_confirm'), isNull(accountTokens.usedAt)));
		userId = existing.id;
	} else {
		const user = await createUser(
			db,
			{
				email,
				name: input.name,
				password: input.password,
				locale: input.locale,
				organisationId: input.organisationId ?? null,
				unitId: input.unitId ?? null,
				roles: [{ role: 'learner', organisationId: null }],
				unconfirmed: true
			},
			null
		);
		userId = user.id;
	}
	await sendConfirmation(db, { userId, email, name: input.name.trim(), locale: input.locale, origin: input.origin, organisationId: input.organisationId ?? null }, now);
}

async function sendConfirmation(
	db: DbOrTx,
	d: { userId: string; email: string; name: string; locale: Locale; origin: string; organisationId: string | null },
	now: Date
) {
	const { token, id } = newOneTimeToken();
	const expiresAt = new Date(now.getTime() + SIGNUP_VALID_MS);
	await db.insert(accountTokens).values({ id, purpose: 'signup_confirm', userId: d.userId, expiresAt, createdAt: now });
	const [org] = d.organisationId ? await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, d.organisationId)) : [];
	await enqueueMail(db, {
		to: d.email,
		locale: d.locale,
		template: 'signup_confirm',
		data: { name: d.name, url: `${d.origin}/signup/${token}`, expiresAt, organisation: org?.name ?? null }
	});
}

/** Sign-up mails to this address in the last hour, whichever kind: the outbox is the record of what went out. */
async function mailsSentRecently(db: DbOrTx, email: string, now: Date): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(mailOutbox)
		.where(
			and(
				eq(mailOutbox.recipient, email),
				inArray(mailOutbox.kind, ['signup_confirm', 'signup_exists']),
				gt(mailOutbox.createdAt, new Date(now.getTime() - 60 * 60 * 1000))
			)
		);
	return row?.n ?? 0;
}

/** Login with the right password for an account that was never confirmed: send the link again (rate-limited). */
export async function resendSignupConfirmation(db: DbOrTx, userId: string, origin: string, now = new Date()) {
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user || user.emailConfirmedAt || user.deactivatedAt) return;
	if ((await mailsSentRecently(db, user.email, now)) >= SIGNUP_MAILS_PER_HOUR) return;
	await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, 'signup_confirm'), isNull(accountTokens.usedAt)));
	await sendConfirmation(db, { userId, email: user.email, name: user.name, locale: user.locale, origin, organisationId: user.organisationId }, now);
}

export async function signupLinkState(db: DbOrTx, token: string, now = new Date()): Promise<LinkState> {
	return linkState(await findAccountToken(db, token, 'signup_confirm'), now);
}

/** Confirms the address and uses the link up; the caller then starts a session. Call inside a transaction. */
export async function confirmSignup(
	db: DbOrTx,
	token: string,
	now = new Date()
): Promise<{ ok: true; userId: string } | { ok: false; state: Exclude<LinkState, 'valid'> }> {
	const row = await findAccountToken(db, token, 'signup_confirm');
	const state = linkState(row, now);
	if (state !== 'valid') return { ok: false, state };
	const claimed = await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(and(eq(accountTokens.id, row!.id), isNull(accountTokens.usedAt)))
		.returning({ id: accountTokens.id });
	if (!claimed.length) return { ok: false, state: 'used' };
	await db.update(users).set({ emailConfirmedAt: now }).where(and(eq(users.id, row!.userId), isNull(users.emailConfirmedAt)));
	await writeAudit(db, { actorId: row!.userId, action: 'user.signup_confirm', targetType: 'user', targetId: row!.userId });
	return { ok: true, userId: row!.userId };
}
