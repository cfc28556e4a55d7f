import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { auditLog } from '../db/schema';
import { createOrganisation } from '../orgs';
import { createSession, generateSessionToken, listUserSessions } from '../auth/session';
import { createUser, EmailTakenError, getUser, listUsers, setUserActive, updateUserAccess } from '.';

const database = useTestDatabase();

describe('users', () => {
	it('normalises the e-mail, refuses a second account for it, and audits the creation', async () => {
		const db = database().db;
		const admin = await createUser(db, { email: 'boss@test.example', name: 'Boss', roles: [{ role: 'admin', organisationId: null }] }, null);
		const u = await createUser(db, { email: '  Mixed@Case.Example ', name: ' Ann ', roles: [] }, admin.id);
		expect(u.email).toBe('mixed@case.example');
		expect(u.name).toBe('Ann');
		expect(u.actorId).toMatch(/^[a-z2-7]{26}$/);
		await expect(createUser(db, { email: 'MIXED@case.example', name: 'B', roles: [] }, admin.id)).rejects.toBeInstanceOf(EmailTakenError);
		const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, u.id));
		expect(audit).toMatchObject([{ action: 'user.create', actorId: admin.id }]);
	});

	it('replaces roles and organisation together and keeps a before/after record', async () => {
		const db = database().db;
		const org = await createOrganisation(db, { name: 'Gewerbeamt', type: 'verwaltung', regionAgs: '03255' }, null);
		const u = await createUser(db, { email: 'access@test.example', name: 'A', roles: [{ role: 'learner', organisationId: null }] }, null);
		await updateUserAccess(db, u.id, { name: 'A', organisationId: org.id, roles: [{ role: 'org_manager', organisationId: org.id }] }, u.id);
		const after = await getUser(db, u.id);
		expect(after?.organisationId).toBe(org.id);
		expect(after?.roles).toEqual([{ role: 'org_manager', organisationId: org.id }]);
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'user.update_access'));
		expect(entry?.details).toMatchObject({ before: { roles: [{ role: 'learner' }] } });
	});

	it('deactivation ends all sessions at once', async () => {
		const db = database().db;
		const u = await createUser(db, { email: 'deact@test.example', name: 'D', roles: [] }, null);
		await createSession(db, generateSessionToken(), u.id);
		await setUserActive(db, u.id, false, u.id);
		expect(await listUserSessions(db, u.id)).toHaveLength(0);
		expect((await listUsers(db, { q: 'deact', status: 'deactivated' })).total).toBe(1);
		expect((await listUsers(db, { q: 'deact', status: 'active' })).total).toBe(0);
	});

	it('searches by name or e-mail, treating % and _ literally', async () => {
		const db = database().db;
		await createUser(db, { email: 'percent@test.example', name: '100% Sicher', roles: [] }, null);
		await createUser(db, { email: 'other@test.example', name: '100 Sicher', roles: [] }, null);
		const r = await listUsers(db, { q: '100%' });
		expect(r.users.map((u) => u.name)).toEqual(['100% Sicher']);
	});
});
