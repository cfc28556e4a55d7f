import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { mailOutbox, users } from '../db/schema';
import { renewalLinks, revokeCertificate, runCertificateReminders, statusOf } from '.';
import { certificatesOf, certLearner, importCertCourse, passFinalTest, removeCertTestFiles, staff, type TestCourse } from './testing';

useTestDatabase();
afterAll(removeCertTestFiles);

let course: TestCourse;
beforeAll(async () => {
	course = await importCertCourse('erinnerung-kurs', '7a1f0c2e-5555-4c38-9a11-0c7a4f6d2b01', 'certificate:\n  kind: zertifikat\n  valid_months: 12');
});

const day = (iso: string) => new Date(`${iso}T09:00:00Z`);
const mailsTo = async (userId: string) => {
	const [u] = await getDb().select({ email: users.email }).from(users).where(eq(users.id, userId));
	return getDb().select().from(mailOutbox).where(eq(mailOutbox.recipient, u!.email)).orderBy(mailOutbox.id);
};

describe('expiry reminders', () => {
	it('mails 60 and 14 days before valid-until, once each, whatever the number of runs', async () => {
		const db = getDb();
		const ctx = await certLearner(course, 'Erik Erinnerung', day('2026-03-01'));
		await passFinalTest(ctx);
		const [c] = await certificatesOf(ctx.enrolment.userId);
		expect(c!.validUntil).toEqual(day('2027-03-01'));
		const run = (iso: string) => runCertificateReminders(db, day(iso), { origin: 'https://lb.example' });

		await run('2026-12-30'); // 61 days before: nothing yet
		expect(await mailsTo(ctx.enrolment.userId)).toHaveLength(0);
		await run('2027-01-01');
		await run('2027-01-02');
		const first = await mailsTo(ctx.enrolment.userId);
		expect(first).toHaveLength(1);
		expect(first[0]!.kind).toBe('certificate_expiry');
		expect(first[0]!.subject).toMatch(/^Ihre Bescheinigung „Probekurs“ läuft am .*2027 ab$/);
		expect(first[0]!.textBody).toContain(`https://lb.example/certificates/${c!.id}`);
		expect(first[0]!.htmlBody).toContain(`https://lb.example/certificates/${c!.id}`);
		await run('2027-02-16');
		await run('2027-02-20');
		const all = await mailsTo(ctx.enrolment.userId);
		expect(all).toHaveLength(2);
		expect(all[1]!.textBody).toContain('letzte Erinnerung');
		await run('2027-03-02'); // expired: no more mails
		expect(await mailsTo(ctx.enrolment.userId)).toHaveLength(2);
	});

	it('sends only the last reminder when the first run is already inside 14 days, and nothing for a revoked one', async () => {
		const db = getDb();
		const late = await certLearner(course, 'Lara Spät', day('2026-03-01'));
		await passFinalTest(late);
		await runCertificateReminders(db, day('2027-02-20'), { origin: 'https://lb.example' });
		await runCertificateReminders(db, day('2027-02-21'), { origin: 'https://lb.example' });
		const mails = await mailsTo(late.enrolment.userId);
		expect(mails).toHaveLength(1);
		expect(mails[0]!.textBody).toContain('letzte Erinnerung');

		const revoked = await certLearner(course, 'Rolf Widerruf', day('2026-03-01'));
		await passFinalTest(revoked);
		const [c] = await certificatesOf(revoked.enrolment.userId);
		const admin = await staff([{ role: 'admin', organisationId: null }]);
		await db.transaction((tx) => revokeCertificate(tx, { certificateId: c!.id, reason: 'Fehler', by: admin, origin: 'https://lb.example' }));
		await runCertificateReminders(db, day('2027-01-15'), { origin: 'https://lb.example' });
		expect(await mailsTo(revoked.enrolment.userId)).toHaveLength(0);
	});
});

describe('renewal path', () => {
	it('offers the final test once renewal is due, shows expired by the clock, and a passed retake supersedes', async () => {
		const db = getDb();
		const ctx = await certLearner(course, 'Nora Neu', day('2026-03-01'));
		await passFinalTest(ctx);
		const [c] = await certificatesOf(ctx.enrolment.userId);
		expect(await renewalLinks(db, [c!], day('2026-06-01'))).toEqual(new Map());
		expect(statusOf(c!, day('2027-03-02'))).toBe('expired');
		const links = await renewalLinks(db, [c!], day('2027-03-02'));
		expect(links.get(c!.id)).toBe(`/certificates/${c!.id}/renew`);

		ctx.now = day('2027-03-05');
		await passFinalTest(ctx);
		const [old, renewed] = await certificatesOf(ctx.enrolment.userId);
		expect(old).toMatchObject({ supersededById: renewed!.id, supersededReason: 'renewal' });
		expect(statusOf(renewed!, day('2027-03-06'))).toBe('valid');
		expect(renewed!.validUntil).toEqual(day('2028-03-05'));
		expect(await renewalLinks(db, [renewed!], day('2027-03-06'))).toEqual(new Map());
	});
});
