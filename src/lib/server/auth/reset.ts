import { and, count, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { accountTokens, users, type AccountTokenPurpose } from '../db/schema';
import { writeAudit } from '../audit';
import { enqueueMail } from '../mail';
import { hashPassword } from './password';
import { invalidateUserSessions } from './session';
import { hashOneTimeToken, linkState, newOneTimeToken, TOKEN_PATTERN, type LinkState } from './one-time-token';

export const RESET_VALID_MS = 60 * 60 * 1000;
/** More requests than this per hour send no further mail: a form must not become a way to flood a mailbox. */
export const RESET_MAILS_PER_HOUR = 3;

/**
 * Starts a password reset. Whether or not the address has an (active) account, the caller answers the same,
 * so the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(
	db: DbOrTx,
	input: { email: string; origin: string },
	now = new Date()
): Promise<void> {
	const email = input.email.trim().toLowerCase();
	const [user] = await db.select().from(users).where(eq(users.email, email));
	if (!user || user.deactivatedAt) return;
	const hourAgo = new Date(now.getTime() - 60 * 60 * 1000);
	const [recent] = await db
		.select({ n: count() })
		.from(accountTokens)
		.where(and(eq(accountTokens.userId, user.id), eq(accountTokens.purpose, 'password_reset'), gt(accountTokens.createdAt, hourAgo)));
	if ((recent?.n ?? 0) >= RESET_MAILS_PER_HOUR) return;

	await deleteStaleTokens(db, now);
	const { token, id } = newOneTimeToken();
	const expiresAt = new Date(now.getTime() + RESET_VALID_MS);
	await db.insert(accountTokens).values({ id, purpose: 'password_reset', userId: user.id, expiresAt, createdAt: now });
	await enqueueMail(db, {
		to: user.email,
		locale: user.locale,
		template: 'password_reset',
		data: { name: user.name, url: `${input.origin}/reset/${token}`, expiresAt }
	});
	await writeAudit(db, { actorId: user.id, action: 'user.password_reset_request', targetType: 'user', targetId: user.id });
}

async function findToken(db: DbOrTx, token: string, purpose: AccountTokenPurpose) {
	if (!TOKEN_PATTERN.test(token)) return null;
	const [row] = await db
		.select()
		.from(accountTokens)
		.where(and(eq(accountTokens.id, hashOneTimeToken(token)), eq(accountTokens.purpose, purpose)));
	return row ?? null;
}

export async function resetLinkState(db: DbOrTx, token: string, now = new Date()): Promise<LinkState> {
	const row = await findToken(db, token, 'password_reset');
	if (row) {
		const [user] = await db.select({ deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, row.userId));
		if (!user || user.deactivatedAt) return 'invalid';
	}
	return linkState(row, now);
}

/**
 * Sets the new password and uses the link up. Every session of the account ends: whoever had got in with the
 * old password is out. Call inside a transaction.
 */
export async function completePasswordReset(
	db: DbOrTx,
	token: string,
	password: string,
	now = new Date()
): Promise<{ ok: true; userId: string } | { ok: false; state: Exclude<LinkState, 'valid'> }> {
	const state = await resetLinkState(db, token, now);
	if (state !== 'valid') return { ok: false, state };
	const row = (await findToken(db, token, 'password_reset'))!;
	// Conditional on `used_at is null`: of two simultaneous submits only one wins.
	const claimed = await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(and(eq(accountTokens.id, row.id), isNull(accountTokens.usedAt)))
		.returning({ id: accountTokens.id });
	if (!claimed.length) return { ok: false, state: 'used' };
	// Older reset links of the account stop working too.
	await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(and(eq(accountTokens.userId, row.userId), eq(accountTokens.purpose, 'password_reset'), isNull(accountTokens.usedAt)));
	// The link reached the mailbox, which is all a sign-up confirmation proves too.
	await db
		.update(users)
		.set({ passwordHash: await hashPassword(password), emailConfirmedAt: sql`coalesce(${users.emailConfirmedAt}, ${now.toISOString()}::timestamptz)` })
		.where(eq(users.id, row.userId));
	await invalidateUserSessions(db, row.userId);
	await writeAudit(db, { actorId: row.userId, action: 'user.password_reset', targetType: 'user', targetId: row.userId });
	return { ok: true, userId: row.userId };
}

/** Links expired for a day are of no further use, not even for the "already used" message. */
export async function deleteStaleTokens(db: DbOrTx, now: Date) {
	await db.delete(accountTokens).where(lt(accountTokens.expiresAt, new Date(now.getTime() - 24 * 60 * 60 * 1000)));
}

export { findToken as findAccountToken };
