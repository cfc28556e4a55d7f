import { and, count, eq, gt, lt, min } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { DbOrTx } from '../db';
import { loginFailures } from '../db/schema';

/**
 * Login rate limit, per account and per client address, stored in the database so it holds across
 * restarts and several app processes. The account key is applied whether or not the account exists,
 * so the limit itself reveals nothing.
 */
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_PER_ACCOUNT = 5;
export const MAX_PER_ADDRESS = 30;

export const accountKey = (email: string) =>
	'acct:' + encodeHexLowerCase(sha256(new TextEncoder().encode(email.trim().toLowerCase())));
export const addressKey = (ip: string) => 'ip:' + ip;

export type LimitState = { allowed: true } | { allowed: false; retryAfterMinutes: number };

export async function checkLoginLimit(
	db: DbOrTx,
	email: string,
	ip: string,
	now = new Date()
): Promise<LimitState> {
	const since = new Date(now.getTime() - WINDOW_MS);
	for (const [key, max] of [
		[accountKey(email), MAX_PER_ACCOUNT],
		[addressKey(ip), MAX_PER_ADDRESS]
	] as const) {
		const [row] = await db
			.select({ n: count(), first: min(loginFailures.at) })
			.from(loginFailures)
			.where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)));
		if (row && row.n >= max && row.first) {
			const waitMs = new Date(row.first).getTime() + WINDOW_MS - now.getTime();
			return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(waitMs / 60000)) };
		}
	}
	return { allowed: true };
}

export async function recordLoginFailure(db: DbOrTx, email: string, ip: string, now = new Date()) {
	await db.insert(loginFailures).values([
		{ key: accountKey(email), at: now },
		{ key: addressKey(ip), at: now }
	]);
	// Keep the table small: anything older than the window no longer counts.
	await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - WINDOW_MS)));
}

export async function clearAccountFailures(db: DbOrTx, email: string) {
	await db.delete(loginFailures).where(eq(loginFailures.key, accountKey(email)));
}

/**
 * The same table holds other keyed hits that need a limit across processes (the accessibility feedback
 * form). Keys carry their own prefix, and the window is the same, so the clean-up above covers them.
 * Counts first, then records the hit only when it is allowed.
 */
export async function takeHit(db: DbOrTx, key: string, max: number, now = new Date()): Promise<LimitState> {
	const since = new Date(now.getTime() - WINDOW_MS);
	const [row] = await db
		.select({ n: count(), first: min(loginFailures.at) })
		.from(loginFailures)
		.where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)));
	if (row && row.n >= max && row.first) {
		const waitMs = new Date(row.first).getTime() + WINDOW_MS - now.getTime();
		return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(waitMs / 60000)) };
	}
	await db.insert(loginFailures).values({ key, at: now });
	await db.delete(loginFailures).where(lt(loginFailures.at, since));
	return { allowed: true };
}
