import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { anotherHandle, useTestDatabase } from '../../../../tests/setup/db';
import type { Database } from '../db';
import { changePassword, createUser, setUserActive, updateProfile, updateUserAccess } from '../users';
import { createSession, generateSessionToken, invalidateSession, sessionIdFromToken, validateSessionToken } from './session';
import { sessionCacheOf, startSessionCache } from './session-cache';

// Two handles on one database stand for two app processes behind a load balancer, each with its own session
// cache. A change made through A must reach B's cache through the database (the triggers' NOTIFY), whatever
// code made it.
const database = useTestDatabase();
let a: Database;
let b: Database;
let queriesB = 0;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
	a = await anotherHandle(database());
	b = await anotherHandle(database(), () => void queriesB++);
	stops.push(await startSessionCache(a), await startSessionCache(b));
});
afterAll(async () => {
	for (const stop of stops) await stop();
});

let counter = 0;
async function loggedIn() {
	const user = await createUser(a.db, { email: `cache-${++counter}-${Date.now()}@example.org`, name: 'Vorher', password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
	const token = generateSessionToken();
	await createSession(a.db, token, user.id);
	return { user, token };
}

/** B has the session cached: a second validation sends no query. */
async function cachedInB(token: string) {
	await validateSessionToken(b.db, token);
	const before = queriesB;
	const again = await validateSessionToken(b.db, token);
	expect(again).not.toBeNull();
	expect(queriesB).toBe(before);
	return again!;
}

const soon = { timeout: 3_000, interval: 20 };

describe('session cache across processes', () => {
	it('serves a validated session from memory', async () => {
		const { user, token } = await loggedIn();
		const cached = await cachedInB(token);
		expect(cached.user.id).toBe(user.id);
		expect(cached.user.roles).toEqual([{ role: 'learner', organisationId: null }]);
	});

	it('a logout in process A ends the session in process B', async () => {
		const { token } = await loggedIn();
		await cachedInB(token);
		await invalidateSession(a.db, sessionIdFromToken(token));
		await vi.waitFor(async () => expect(await validateSessionToken(b.db, token)).toBeNull(), soon);
	});

	it('a password change or a deactivation in A ends the sessions in B', async () => {
		const first = await loggedIn();
		await cachedInB(first.token);
		await changePassword(a.db, first.user.id, 'Neue-Passphrase-2');
		await vi.waitFor(async () => expect(await validateSessionToken(b.db, first.token)).toBeNull(), soon);

		const second = await loggedIn();
		await cachedInB(second.token);
		await setUserActive(a.db, second.user.id, false, second.user.id);
		await vi.waitFor(async () => expect(await validateSessionToken(b.db, second.token)).toBeNull(), soon);
	});

	it('a role change or a new name in A shows in B', async () => {
		const { user, token } = await loggedIn();
		await cachedInB(token);
		await updateUserAccess(a.db, user.id, { name: 'Vorher', organisationId: null, roles: [{ role: 'trainer', organisationId: null }] }, user.id);
		await vi.waitFor(async () => expect((await validateSessionToken(b.db, token))?.user.roles).toEqual([{ role: 'trainer', organisationId: null }]), soon);

		await cachedInB(token);
		await updateProfile(a.db, user.id, { name: 'Nachher', locale: 'en' });
		await vi.waitFor(async () => {
			const seen = await validateSessionToken(b.db, token);
			expect([seen?.user.name, seen?.user.locale]).toEqual(['Nachher', 'en']);
		}, soon);
	});

	it('a change by plain SQL (a script, an operator) reaches B as well', async () => {
		const { user, token } = await loggedIn();
		await cachedInB(token);
		await a.db.execute(sql`delete from user_roles where user_id = ${user.id}`);
		await vi.waitFor(async () => expect((await validateSessionToken(b.db, token))?.user.roles).toEqual([]), soon);
	});

	it('still ends an expired session and still slides the expiry', async () => {
		const { token } = await loggedIn();
		const cached = await cachedInB(token);
		const later = new Date(cached.session.expiresAt.getTime() - 1000);
		// In the second half of its life the session is extended to the full 30 days again, cached or not.
		const renewed = await validateSessionToken(b.db, token, later);
		expect(renewed!.session.expiresAt.getTime()).toBeGreaterThan(cached.session.expiresAt.getTime());
		expect(await validateSessionToken(b.db, token, new Date(renewed!.session.expiresAt.getTime() + 1))).toBeNull();
		await vi.waitFor(async () => expect(await validateSessionToken(b.db, token)).toBeNull(), soon);
	});

	it('caches nothing for a handle without a listener', async () => {
		const plain = await anotherHandle(database());
		expect(sessionCacheOf(plain.db)).toBeUndefined();
		const { token } = await loggedIn();
		expect(await validateSessionToken(plain.db, token)).not.toBeNull();
	});
});
