import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { importTestCourse } from '../../../../tests/setup/course';
import { activeLearner as learnerWithData } from '../../../../tests/setup/active-learner';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { auditLog, certificates, enrolments, erasureRequests, mailOutbox, surveyResponses, users, xapiStatements } from '../db/schema';
import { queryRows } from '../db';
import { attemptLogin } from '../auth/login';
import { verifyCode } from '../certificates/verify';
import { enqueueMail } from '../mail';
import { createUser } from '../users';
import { collectPersonalData } from './collect';
import { completeDueErasures, completeErasure, listErasureRequests, pendingErasureOf, requestErasure, withdrawErasure } from './erasure';

const database = useTestDatabase();
let version: CachedVersion;
let courseId: string;

beforeAll(async () => {
	await importTestCourse(database().db, { slug: 'probekurs' });
	const live = (await getLiveCourse(database().db, 'probekurs'))!;
	version = live.live;
	courseId = live.course.id;
});

const activeLearner = (name: string) => learnerWithData(database().db, { courseId, version }, name);

async function statementsOf(actorId: string) {
	return queryRows<{ n: number }>(database().db, sql`select count(*)::int as n from xapi_statements where raw::text like ${'%' + actorId + '%'}`);
}

describe('erasure', () => {
	it('on completion the person can no longer log in, their records are gone, and the certificate still verifies', async () => {
		const db = database().db;
		const { user, certificate, password, enrolment } = await activeLearner('Erna');
		const other = await activeLearner('Otto');
		await enqueueMail(db, { to: user.email, locale: 'de', template: 'email_change_notice', data: { name: 'Erna', newEmail: 'x@test.example' } }, { deliver: false });
		expect((await statementsOf(user.actorId))[0]!.n).toBeGreaterThan(3);

		const request = await requestErasure(db, user.id);
		expect((await requestErasure(db, user.id)).id).toBe(request.id); // asking twice is one request
		expect((await listErasureRequests(db)).pending.map((p) => p.email)).toContain(user.email);

		const admin = await createUser(db, { email: `admin-${Date.now()}@test.example`, name: 'Admina', roles: [{ role: 'admin', organisationId: null }] }, null);
		const result = await db.transaction((tx) => completeErasure(tx, request.id, admin.id));
		expect(result).toMatchObject({ ok: true, outcome: { certificatesKept: 1, mails: 1 } });
		expect((result as { outcome: Record<string, number> }).outcome.statements).toBeGreaterThan(3);

		expect(await attemptLogin(db, { email: user.email, password, ip: '10.9.0.1' })).toEqual({ ok: false, reason: 'invalid' });
		expect(await db.select().from(users).where(eq(users.id, user.id))).toEqual([]);
		expect((await statementsOf(user.actorId))[0]!.n).toBe(0);
		expect(await db.select().from(enrolments).where(eq(enrolments.id, enrolment.id))).toEqual([]);
		expect(await db.select().from(surveyResponses).where(eq(surveyResponses.enrolmentId, enrolment.id))).toEqual([]);
		expect(await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, user.email))).toEqual([]);
		expect(await collectPersonalData(db, user.id, 'de')).toBeNull();

		// The register keeps what verification shows; the link to the account is gone.
		const verified = await verifyCode(db, certificate.code, '10.9.0.2');
		expect(verified).toMatchObject({ limited: false, verification: { status: 'valid', holderName: 'Erna', courseTitle: 'Probekurs' } });
		const [kept] = await db.select().from(certificates).where(eq(certificates.id, certificate.id));
		expect(kept!.userId).toBeNull();

		// No trace of the address anywhere in the audit log; the request remains as a dated record.
		const audit = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where details::text like ${'%' + user.email + '%'}`);
		expect(audit[0]!.n).toBe(0);
		const [done] = await db.select().from(erasureRequests).where(eq(erasureRequests.id, request.id));
		expect(done).toMatchObject({ status: 'completed', userId: null, completedBy: admin.id });
		const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'user.erasure_complete'));
		expect(JSON.stringify(entry!.details)).not.toContain('Erna');

		// The other learner is untouched.
		expect((await statementsOf(other.user.actorId))[0]!.n).toBeGreaterThan(3);
		expect(await attemptLogin(db, { email: other.user.email, password: other.password, ip: '10.9.0.3' })).toMatchObject({ ok: true });

		// Completing again does nothing.
		expect(await db.transaction((tx) => completeErasure(tx, request.id, admin.id))).toEqual({ ok: false, error: 'not_pending' });
	});

	it('completes by itself after the configured delay, not before, and not after withdrawal', async () => {
		const db = database().db;
		const early = await activeLearner('Frieda');
		const later = await activeLearner('Gustav');
		const changed = await activeLearner('Hanna');
		await requestErasure(db, early.user.id, new Date('2026-11-01T10:00:00Z'));
		await requestErasure(db, later.user.id, new Date('2026-11-20T10:00:00Z'));
		await requestErasure(db, changed.user.id, new Date('2026-11-01T10:00:00Z'));
		expect(await withdrawErasure(db, changed.user.id)).toBe(true);

		expect(await completeDueErasures(db, new Date('2026-12-01T10:00:00Z'), 0)).toBe(0); // 0 = never automatic
		expect(await completeDueErasures(db, new Date('2026-12-01T10:00:00Z'), 30)).toBe(1);
		expect(await db.select().from(users).where(eq(users.id, early.user.id))).toEqual([]);
		expect(await pendingErasureOf(db, later.user.id)).not.toBeNull();
		expect(await db.select({ id: users.id }).from(users).where(eq(users.id, changed.user.id))).toHaveLength(1);
		const [auto] = await db.select().from(erasureRequests).where(eq(erasureRequests.status, 'completed')).orderBy(erasureRequests.completedAt);
		expect(auto).toBeDefined();
		expect(await completeDueErasures(db, new Date('2026-12-20T10:00:00Z'), 30)).toBe(1);
		expect(await db.select().from(users).where(eq(users.id, later.user.id))).toEqual([]);
		expect(await db.select({ n: xapiStatements.sequence }).from(xapiStatements).where(sql`raw::text like ${'%' + later.user.actorId + '%'}`)).toEqual([]);
	});

	it('never erases the last administrator', async () => {
		const db = database().db;
		// Other admins of this test file are deactivated for the check.
		await db.update(users).set({ deactivatedAt: new Date() }).where(sql`id in (select user_id from user_roles where role = 'admin')`);
		const admin = await createUser(db, { email: `sole-admin-${Date.now()}@test.example`, name: 'Sole', roles: [{ role: 'admin', organisationId: null }] }, null);
		const request = await requestErasure(db, admin.id);
		expect(await db.transaction((tx) => completeErasure(tx, request.id, admin.id))).toEqual({ ok: false, error: 'last_admin' });
		expect(await pendingErasureOf(db, admin.id)).toMatchObject({ id: request.id, status: 'pending' });
	});
});
