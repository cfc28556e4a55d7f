import { and, eq, gt, ne, sql } from 'drizzle-orm';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import type { DbOrTx } from '../db';
import { prepared } from '../db/prepared';
import { sessionCacheOf } from './session-cache';
import { sessions, users, userRoles, type Role } from '../db/schema';

/**
 * Sessions the way the Lucia project's guide describes them: the browser holds a random token, the
 * database holds only its SHA-256, so a leaked sessions table cannot be replayed. Expiry slides: a session
 * used in its second half is extended to the full 30 days again.
 */
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_DAYS = 30;
export const SESSION_COOKIE = 'lb_session';

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	locale: 'de' | 'en';
	organisationId: string | null;
	actorId: string;
	roles: { role: Role; organisationId: string | null }[];
}

export interface SessionInfo {
	id: string;
	userId: string;
	expiresAt: Date;
	createdAt: Date;
	lastSeenAt: Date;
	userAgent: string | null;
}

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
	db: DbOrTx,
	token: string,
	userId: string,
	meta: { userAgent?: string | null; now?: Date } = {}
): Promise<SessionInfo> {
	const now = meta.now ?? new Date();
	const row = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_DAYS * DAY),
		createdAt: now,
		lastSeenAt: now,
		userAgent: meta.userAgent?.slice(0, 300) ?? null
	};
	await db.insert(sessions).values(row);
	return row;
}

// One round trip per request: the user's roles come along as a JSON array (every page pays for this).
const sessionQuery = (db: DbOrTx) =>
	db
		.select({
			session: sessions,
			user: users,
			roles: sql<{ role: Role; organisationId: string | null }[]>`coalesce((
				select json_agg(json_build_object('role', ${userRoles.role}, 'organisationId', ${userRoles.organisationId}))
				from ${userRoles} where ${userRoles.userId} = ${users.id}), '[]'::json)`
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, sql.placeholder('id')))
		.prepare('session_with_user');

type Validated = { session: SessionInfo; user: SessionUser };

export async function validateSessionToken(db: DbOrTx, token: string, now = new Date()): Promise<Validated | null> {
	const id = sessionIdFromToken(token);
	// See session-cache.ts: a hit skips the query; expiry and the sliding renewal are checked all the same.
	const cache = sessionCacheOf<Validated>(db);
	let found = cache?.get(id);
	if (!found) {
		const ticket = cache?.ticket();
		const [row] = await prepared(db, 'session', sessionQuery).execute({ id });
		if (!row) return null;
		const { session, user, roles } = row;
		if (user.deactivatedAt) {
			await db.delete(sessions).where(eq(sessions.id, id));
			return null;
		}
		found = {
			session,
			user: { id: user.id, email: user.email, name: user.name, locale: user.locale, organisationId: user.organisationId, actorId: user.actorId, roles }
		};
		if (cache && now < session.expiresAt) cache.set(id, user.id, found, ticket!);
	}
	const { session } = found;
	if (now >= session.expiresAt) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	// Slide the expiry, and note activity at most every few minutes so reads stay cheap.
	const renew = now.getTime() >= session.expiresAt.getTime() - (SESSION_DAYS / 2) * DAY;
	const touch = now.getTime() - session.lastSeenAt.getTime() > 5 * 60 * 1000;
	if (renew || touch) {
		if (renew) session.expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY);
		session.lastSeenAt = now;
		await db
			.update(sessions)
			.set({ expiresAt: session.expiresAt, lastSeenAt: now })
			.where(eq(sessions.id, id));
	}
	// Copies: callers get objects of their own, the cached ones stay as they are.
	return { session: { ...session }, user: { ...found.user } };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** "Log out everywhere": every session of the user, optionally keeping the current one. */
export async function invalidateUserSessions(db: DbOrTx, userId: string, exceptSessionId?: string) {
	await db
		.delete(sessions)
		.where(
			exceptSessionId
				? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
				: eq(sessions.userId, userId)
		);
}

export async function listUserSessions(db: DbOrTx, userId: string, now = new Date()) {
	return db
		.select()
		.from(sessions)
		.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
		.orderBy(sessions.lastSeenAt);
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure,
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
