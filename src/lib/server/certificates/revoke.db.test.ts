import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { auditLog, xapiStatements } from '../db/schema';
import { createOrganisation } from '../orgs';
import { setSetting } from '../settings';
import { certificateStatuses, findCertificates, formatCode, revokeCertificate, saveIssuer, statusKey } from '.';
import { verifyCode } from './verify';
import { EARNED_VERB } from './records';
import { certificatesOf, certLearner, importCertCourse, passFinalTest, removeCertTestFiles, staff, type TestCourse } from './testing';

useTestDatabase();
afterAll(removeCertTestFiles);

let course: TestCourse;
let issuerOrg: string;
let otherOrg: string;

beforeAll(async () => {
	const db = getDb();
	course = await importCertCourse('revoke-kurs', '7a1f0c2e-3333-4c38-9a11-0c7a4f6d2b01', 'certificate:\n  kind: zertifikat\n  valid_months: 24');
	issuerOrg = (await createOrganisation(db, { name: 'IHK Widerruf', type: 'kammer', regionAgs: '03403' }, null)).id;
	otherOrg = (await createOrganisation(db, { name: 'HWK Anders', type: 'kammer', regionAgs: '06611' }, null)).id;
	await saveIssuer(db, issuerOrg, { signatoryName: 'Dr. Ingrid Beispiel', signatoryRole: null, place: 'Oldenburg' });
	await setSetting(db, 'certificate_default_issuer', issuerOrg, null);
});

async function issued(name = 'Zoë Ærø') {
	const ctx = await certLearner(course, name);
	await passFinalTest(ctx);
	const [c] = await certificatesOf(ctx.enrolment.userId);
	return { ctx, c: c! };
}

const statement = async (id: string) => {
	const [row] = await getDb().select().from(xapiStatements).where(eq(xapiStatements.id, id));
	return row?.raw as Record<string, any> | undefined;
};

describe('issuance statement', () => {
	it('records `earned` for the certificate, referring to the statement of the course pass', async () => {
		const { ctx, c } = await issued();
		expect(c.issuedStatementId).toBeTruthy();
		const earned = await statement(c.issuedStatementId!);
		expect(earned).toMatchObject({
			verb: { id: EARNED_VERB.id },
			actor: { account: { name: ctx.actorId } },
			object: { id: `https://lb.example/xapi/activities/certificate/${c.id}` },
			context: { registration: ctx.enrolment.id, statement: { objectType: 'StatementRef' } }
		});
		const passing = await statement(earned!.context.statement.id);
		expect(passing).toMatchObject({ verb: { id: 'http://adlnet.gov/expapi/verbs/passed' }, object: { id: `https://lb.example/xapi/activities/course/${course.courseId}` } });
	});
});

describe('revocation', () => {
	it('lets an admin revoke with a reason: status, verify page, manager table, audit entry and xAPI statement', async () => {
		const db = getDb();
		const { c } = await issued('Renée Widerruf');
		const admin = await staff([{ role: 'admin', organisationId: null }]);
		const now = new Date('2026-06-01T12:00:00Z');
		const outcome = await db.transaction((tx) => revokeCertificate(tx, { certificateId: c.id, reason: 'Täuschung im Test', by: admin, origin: 'https://lb.example', now }));
		expect(outcome.ok).toBe(true);
		const [after] = await certificatesOf(c.userId!);
		expect(after).toMatchObject({ revokedReason: 'Täuschung im Test', revokedBy: admin.id, revokedAt: now });

		const v = await verifyCode(db, formatCode(c.code), '203.0.113.7');
		expect(v).toMatchObject({ limited: false, verification: { status: 'revoked', revokedReason: 'Täuschung im Test', revokedAt: now } });
		const statuses = await certificateStatuses(db, { userIds: [c.userId!] });
		expect(statuses.get(statusKey(c.userId!, course.courseId))?.status).toBe('revoked');

		const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'certificate.revoke'), eq(auditLog.targetId, c.id)));
		expect(audit).toMatchObject({ actorId: admin.id, details: { reason: 'Täuschung im Test' } });
		const [rec] = await db.select().from(xapiStatements).where(eq(xapiStatements.verbId, 'https://lb.example/xapi/verbs/revoked'));
		expect(rec!.raw).toMatchObject({
			actor: { account: { name: admin.actorId } },
			object: { id: `https://lb.example/xapi/activities/certificate/${c.id}` },
			result: { response: 'Täuschung im Test' },
			context: { statement: { objectType: 'StatementRef', id: c.issuedStatementId } }
		});
	});

	it('lets a trainer of the issuing organisation revoke, but not a trainer of another one', async () => {
		const db = getDb();
		const { c } = await issued();
		const foreign = await staff([{ role: 'trainer', organisationId: otherOrg }]);
		const own = await staff([{ role: 'trainer', organisationId: issuerOrg }]);
		const refused = await db.transaction((tx) => revokeCertificate(tx, { certificateId: c.id, reason: 'Fehler', by: foreign, origin: 'https://lb.example' }));
		expect(refused).toEqual({ ok: false, reason: 'forbidden' });
		expect((await certificatesOf(c.userId!))[0]!.revokedAt).toBeNull();
		const ok = await db.transaction((tx) => revokeCertificate(tx, { certificateId: c.id, reason: 'Fehler', by: own, origin: 'https://lb.example' }));
		expect(ok.ok).toBe(true);
	});

	it('refuses to revoke twice and keeps the first reason', async () => {
		const db = getDb();
		const { c } = await issued();
		const admin = await staff([{ role: 'admin', organisationId: null }]);
		await db.transaction((tx) => revokeCertificate(tx, { certificateId: c.id, reason: 'Erster Grund', by: admin, origin: 'https://lb.example' }));
		const again = await db.transaction((tx) => revokeCertificate(tx, { certificateId: c.id, reason: 'Zweiter Grund', by: admin, origin: 'https://lb.example' }));
		expect(again).toEqual({ ok: false, reason: 'already-revoked' });
		expect((await certificatesOf(c.userId!))[0]!.revokedReason).toBe('Erster Grund');
	});
});

describe('finding certificates', () => {
	it('matches a code in any grouping or part of the name, limited to the trainer’s organisations', async () => {
		const db = getDb();
		const { c } = await issued('Þórunn Ásgeirsdóttir');
		const typed = formatCode(c.code).toLowerCase().replace(/-/g, ' ');
		expect((await findCertificates(db, { query: typed })).map((x) => x.id)).toEqual([c.id]);
		expect((await findCertificates(db, { query: 'ásgeirs' })).map((x) => x.id)).toContain(c.id);
		expect((await findCertificates(db, { query: '100%_' })).map((x) => x.id)).not.toContain(c.id);
		expect((await findCertificates(db, { issuerOrgIds: [issuerOrg], courseId: course.courseId })).map((x) => x.id)).toContain(c.id);
		expect(await findCertificates(db, { issuerOrgIds: [otherOrg] })).toEqual([]);
		expect(await findCertificates(db, { issuerOrgIds: [] })).toEqual([]);
	});
});
