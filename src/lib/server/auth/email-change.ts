import { and, eq, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { accountTokens, users } from '../db/schema';
import { writeAudit } from '../audit';
import { enqueueMail } from '../mail';
import { linkState, newOneTimeToken, type LinkState } from './one-time-token';
import { deleteStaleTokens, findAccountToken } from './reset';

export const EMAIL_CHANGE_VALID_MS = 24 * 60 * 60 * 1000;

/**
 * Asks for a new address: a confirmation link goes to the new address (proving it is the person's), a notice
 * to the old one (so a hijacked session cannot move the account away unnoticed). Nothing changes until the
 * link is used.
 *
 * An address another account already uses gets the same answer on the page (so the form reveals no accounts);
 * that account's holder is told by mail instead, and nothing changes.
 */
export async function requestEmailChange(
	db: DbOrTx,
	input: { userId: string; newEmail: string; origin: string },
	now = new Date()
): Promise<void> {
	const newEmail = input.newEmail.trim().toLowerCase();
	const [user] = await db.select().from(users).where(eq(users.id, input.userId));
	if (!user) throw new Error('no such user');
	const [taken] = await db
		.select({ id: users.id, name: users.name, locale: users.locale })
		.from(users)
		.where(and(eq(users.email, newEmail), ne(users.id, user.id)));
	if (taken) {
		await enqueueMail(db, { to: newEmail, locale: taken.locale, template: 'email_change_taken', data: { name: taken.name, email: newEmail } });
		await writeAudit(db, { actorId: user.id, action: 'user.email_change_refused', targetType: 'user', targetId: user.id, details: { reason: 'address_in_use' } });
		return;
	}

	await deleteStaleTokens(db, now);
	// Only the latest request counts.
	await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(and(eq(accountTokens.userId, user.id), eq(accountTokens.purpose, 'email_change'), isNull(accountTokens.usedAt)));
	const { token, id } = newOneTimeToken();
	const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_VALID_MS);
	await db.insert(accountTokens).values({ id, purpose: 'email_change', userId: user.id, newEmail, expiresAt, createdAt: now });
	await enqueueMail(db, {
		to: newEmail,
		locale: user.locale,
		template: 'email_change_confirm',
		data: { name: user.name, newEmail, url: `${input.origin}/account/email/${token}`, expiresAt }
	});
	await enqueueMail(db, { to: user.email, locale: user.locale, template: 'email_change_notice', data: { name: user.name, newEmail } });
	await writeAudit(db, {
		actorId: user.id,
		action: 'user.email_change_request',
		targetType: 'user',
		targetId: user.id,
		details: { newEmail }
	});
}

export async function emailChangeLink(db: DbOrTx, token: string, now = new Date()) {
	const row = await findAccountToken(db, token, 'email_change');
	return { state: linkState(row, now), newEmail: row?.newEmail ?? null };
}

export async function confirmEmailChange(
	db: DbOrTx,
	token: string,
	now = new Date()
): Promise<{ ok: true; userId: string; email: string } | { ok: false; state: Exclude<LinkState, 'valid'> | 'taken' }> {
	const row = await findAccountToken(db, token, 'email_change');
	const state = linkState(row, now);
	if (state !== 'valid' || !row?.newEmail) return { ok: false, state: state === 'valid' ? 'invalid' : state };
	const claimed = await db
		.update(accountTokens)
		.set({ usedAt: now })
		.where(and(eq(accountTokens.id, row.id), isNull(accountTokens.usedAt)))
		.returning({ id: accountTokens.id });
	if (!claimed.length) return { ok: false, state: 'used' };
	// Someone may have taken the address since the request.
	const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, row.newEmail));
	if (taken) return { ok: false, state: 'taken' };
	const [before] = await db.select({ email: users.email }).from(users).where(eq(users.id, row.userId));
	await db.update(users).set({ email: row.newEmail }).where(eq(users.id, row.userId));
	await writeAudit(db, {
		actorId: row.userId,
		action: 'user.email_change',
		targetType: 'user',
		targetId: row.userId,
		details: { from: before?.email, to: row.newEmail }
	});
	return { ok: true, userId: row.userId, email: row.newEmail };
}
