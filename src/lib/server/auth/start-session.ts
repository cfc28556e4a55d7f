import type { Cookies } from '@sveltejs/kit';
import type { DbOrTx } from '../db';
import { createSession, generateSessionToken, invalidateSession, setSessionCookie } from './session';

/**
 * Starts a fresh session after a successful login or sign-up. Any session the browser brought along is
 * ended first, so a token planted before login (session fixation) is worthless afterwards.
 */
export async function startSession(
	db: DbOrTx,
	opts: { userId: string; cookies: Cookies; previousSessionId?: string | null; userAgent: string | null; secure: boolean }
) {
	if (opts.previousSessionId) await invalidateSession(db, opts.previousSessionId);
	const token = generateSessionToken();
	const session = await createSession(db, token, opts.userId, { userAgent: opts.userAgent });
	setSessionCookie(opts.cookies, token, session.expiresAt, opts.secure);
	return session;
}
