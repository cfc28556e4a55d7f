import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { sessions } from '../db/schema';
import { createUser } from '../users';
import {
	createSession,
	generateSessionToken,
	invalidateUserSessions,
	listUserSessions,
	sessionIdFromToken,
	validateSessionToken
} from './session';

const database = useTestDatabase();
const DAY = 86_400_000;
let n = 0;
const newUser = () =>
	createUser(database().db, { email: `s${++n}@test.example`, name: 'S', password: null, roles: [] }, null);

describe('sessions', () => {
	it('stores only the SHA-256 of the token, never the token', async () => {
		const user = await newUser();
		const token = generateSessionToken();
		await createSession(database().db, token, user.id);
		const rows = await database().db.select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).toBe(sessionIdFromToken(token));
		expect(rows[0]!.id).not.toContain(token);
	});

	it('validates a fresh token and returns the user with roles', async () => {
		const db = database().db;
		const user = await createUser(
			db,
			{ email: `r${++n}@test.example`, name: 'R', roles: [{ role: 'learner', organisationId: null }] },
			null
		);
		const token = generateSessionToken();
		await createSession(db, token, user.id);
		const result = await validateSessionToken(db, token);
		expect(result?.user.id).toBe(user.id);
		expect(result?.user.roles).toEqual([{ role: 'learner', organisationId: null }]);
		expect(await validateSessionToken(db, generateSessionToken())).toBeNull();
	});

	it('slides the expiry when used in the second half of its life, and not before', async () => {
		const db = database().db;
		const user = await newUser();
		const token = generateSessionToken();
		const start = new Date('2026-01-01T00:00:00Z');
		const created = await createSession(db, token, user.id, { now: start });
		const early = await validateSessionToken(db, token, new Date(start.getTime() + 10 * DAY));
		expect(early?.session.expiresAt.getTime()).toBe(created.expiresAt.getTime());
		const late = new Date(start.getTime() + 20 * DAY);
		const slid = await validateSessionToken(db, token, late);
		expect(slid?.session.expiresAt.getTime()).toBe(late.getTime() + 30 * DAY);
	});

	it('rejects and deletes an expired session', async () => {
		const db = database().db;
		const user = await newUser();
		const token = generateSessionToken();
		const start = new Date('2026-01-01T00:00:00Z');
		await createSession(db, token, user.id, { now: start });
		expect(await validateSessionToken(db, token, new Date(start.getTime() + 31 * DAY))).toBeNull();
		expect(await db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(token)))).toHaveLength(0);
	});

	it('logs out everywhere except the current session', async () => {
		const db = database().db;
		const user = await newUser();
		const keep = generateSessionToken();
		await createSession(db, keep, user.id);
		await createSession(db, generateSessionToken(), user.id);
		await createSession(db, generateSessionToken(), user.id);
		await invalidateUserSessions(db, user.id, sessionIdFromToken(keep));
		const left = await listUserSessions(db, user.id);
		expect(left.map((s) => s.id)).toEqual([sessionIdFromToken(keep)]);
	});
});
