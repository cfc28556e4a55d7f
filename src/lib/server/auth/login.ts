import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { userRoles, users } from '../db/schema';
import { verifyAgainstDummy, verifyPassword } from './password';
import { checkLoginLimit, clearAccountFailures, recordLoginFailure } from './rate-limit';

export type LoginResult =
	| { ok: true; userId: string; locale: 'de' | 'en'; roles: string[] }
	| { ok: false; reason: 'invalid' }
	/** Right password, address never confirmed: the caller sends the confirmation link again. */
	| { ok: false; reason: 'unconfirmed'; userId: string }
	| { ok: false; reason: 'rate_limited'; retryAfterMinutes: number };

/**
 * Checks credentials under the rate limit. Unknown e-mail, wrong password and deactivated account all
 * answer the same `invalid`, after the same amount of work.
 */
export async function attemptLogin(
	db: DbOrTx,
	input: { email: string; password: string; ip: string },
	now = new Date()
): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase();
	const limit = await checkLoginLimit(db, email, input.ip, now);
	if (!limit.allowed) return { ok: false, reason: 'rate_limited', retryAfterMinutes: limit.retryAfterMinutes };

	const [user] = await db.select().from(users).where(eq(users.email, email));
	const valid =
		user?.passwordHash && !user.deactivatedAt
			? await verifyPassword(user.passwordHash, input.password)
			: await verifyAgainstDummy(input.password);
	if (!valid || !user) {
		await recordLoginFailure(db, email, input.ip, now);
		return { ok: false, reason: 'invalid' };
	}
	await clearAccountFailures(db, email);
	if (!user.emailConfirmedAt) return { ok: false, reason: 'unconfirmed', userId: user.id };
	await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
	const roles = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
	return { ok: true, userId: user.id, locale: user.locale, roles: roles.map((r) => r.role) };
}
