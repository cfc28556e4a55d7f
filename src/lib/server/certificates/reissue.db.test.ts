import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { auditLog } from '../db/schema';
import { certificatesOfUser, certificateStatuses, reissueWithName, revokeCertificate, statusKey } from '.';
import { verifyCode } from './verify';
import { certificatesOf, certLearner, importCertCourse, passFinalTest, removeCertTestFiles, staff, type TestCourse } from './testing';

useTestDatabase();
afterAll(removeCertTestFiles);

let course: TestCourse;
beforeAll(async () => {
	course = await importCertCourse('reissue-kurs', '7a1f0c2e-4444-4c38-9a11-0c7a4f6d2b01', 'certificate:\n  kind: zertifikat\n  valid_months: 12');
});

let ip = 0;
const verify = (code: string) => verifyCode(getDb(), code, `10.1.0.${++ip}`);

describe('reissue after a name correction', () => {
	it('replaces the certificate with a new code and the corrected name, keeping dates, in one step', async () => {
		const db = getDb();
		const ctx = await certLearner(course, 'Jose Garcia', new Date('2026-02-01T08:00:00Z'));
		await passFinalTest(ctx);
		const [old] = await certificatesOf(ctx.enrolment.userId);
		const admin = await staff([{ role: 'admin', organisationId: null }]);
		const outcome = await db.transaction((tx) => reissueWithName(tx, { certificateId: old!.id, holderName: '  José García  ', by: admin }));
		if (!outcome.ok) throw new Error(outcome.reason);
		const fresh = outcome.certificate;
		expect(fresh).toMatchObject({ holderName: 'José García', generation: 2, courseTitle: old!.courseTitle, issuedAt: old!.issuedAt, validUntil: old!.validUntil, supersededById: null });
		expect(fresh.code).not.toBe(old!.code);
		const [stale] = await certificatesOf(ctx.enrolment.userId);
		expect(stale).toMatchObject({ id: old!.id, supersededById: fresh.id, supersededReason: 'reissue' });

		// The old code says "replaced" and names no one; the new one verifies with the corrected name.
		const oldView = await verify(old!.code);
		expect(oldView).toMatchObject({ verification: { status: 'superseded', holderName: null } });
		expect(JSON.stringify(oldView)).not.toContain(fresh.code);
		expect(JSON.stringify(oldView)).not.toContain('Garcia');
		expect(await verify(fresh.code)).toMatchObject({ verification: { status: 'valid', holderName: 'José García' } });

		// The holder and the manager table see only the new one.
		expect((await certificatesOfUser(db, ctx.enrolment.userId)).map((c) => c.id)).toEqual([fresh.id]);
		const statuses = await certificateStatuses(db, { userIds: [ctx.enrolment.userId] });
		expect(statuses.get(statusKey(ctx.enrolment.userId, course.courseId))).toMatchObject({ certificateId: fresh.id, status: 'valid' });
		const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.reissue'), eq(auditLog.targetId, fresh.id)));
		expect(audit).toMatchObject({ actorId: admin.id, details: { replaces: old!.id } });
	});

	it('is for admins only, and not for a revoked, replaced or unchanged certificate', async () => {
		const db = getDb();
		const ctx = await certLearner(course, 'Anna Schmidt');
		await passFinalTest(ctx);
		const [c] = await certificatesOf(ctx.enrolment.userId);
		const trainer = await staff([{ role: 'trainer', organisationId: null }]);
		const admin = await staff([{ role: 'admin', organisationId: null }]);
		const reissue = (id: string, name: string, by = admin) => db.transaction((tx) => reissueWithName(tx, { certificateId: id, holderName: name, by }));
		expect(await reissue(c!.id, 'Anna Schmitt', trainer)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await reissue(c!.id, 'Anna Schmidt')).toEqual({ ok: false, reason: 'same-name' });
		const done = await reissue(c!.id, 'Anna Schmitt');
		expect(done.ok).toBe(true);
		expect(await reissue(c!.id, 'Anna Schmid')).toEqual({ ok: false, reason: 'superseded' });
		const current = done.ok ? done.certificate : null;
		await db.transaction((tx) => revokeCertificate(tx, { certificateId: current!.id, reason: 'Fehler', by: admin, origin: 'https://lb.example' }));
		expect(await reissue(current!.id, 'Anna Schmid')).toEqual({ ok: false, reason: 'revoked' });
		expect(await certificatesOf(ctx.enrolment.userId)).toHaveLength(2);
	});
});
