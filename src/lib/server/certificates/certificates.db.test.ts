import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { certificates } from '../db/schema';
import { createUser } from '../users';
import { createOrganisation } from '../orgs';
import { setSetting } from '../settings';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { fixtureCourseMd, fixtureFiles, FIXTURE_ID } from '../courses/fixtures';
import { importCourseFolder } from '../courses/import';
import { enrol } from '../learning/enrolment';
import { completeLesson, type LearnerContext } from '../learning/progress';
import { startAttempt, submitAttempt } from '../quiz/attempts';
import { certificateStatuses, issueCertificateIfEarned, platformKey, publishedKeys, saveIssuer, statusKey, CODE_ALPHABET } from '.';
import { forgetPlatformKey } from './keys';

useTestDatabase();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-cert-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Imports a variant of the fixture course under its own id and slug. */
async function importVariant(slug: string, id: string, certificate: string): Promise<{ version: CachedVersion; courseId: string }> {
	const dir = path.join(root, slug);
	const md = fixtureCourseMd()
		.replace(FIXTURE_ID, id)
		.replace('slug: probekurs', `slug: ${slug}`)
		.replace('certificate:\n  kind: zertifikat', certificate);
	for (const [name, bytes] of fixtureFiles({ 'course.md': md })) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), bytes);
	}
	await importCourseFolder(getDb(), dir);
	const live = (await getLiveCourse(getDb(), slug))!;
	return { version: live.live, courseId: live.course.id };
}

let zert: { version: CachedVersion; courseId: string };
let teil: { version: CachedVersion; courseId: string };

beforeAll(async () => {
	zert = await importVariant('zert-kurs', '7a1f0c2e-1111-4c38-9a11-0c7a4f6d2b01', 'certificate:\n  kind: zertifikat\n  valid_months: 12');
	teil = await importVariant('teil-kurs', '7a1f0c2e-2222-4c38-9a11-0c7a4f6d2b01', 'certificate:\n  kind: teilnahmebescheinigung');
});

let counter = 0;
async function learner(course: { version: CachedVersion; courseId: string }, name = 'Łukasz Ğüneş-Øberg', now?: Date): Promise<LearnerContext> {
	const db = getDb();
	const user = await createUser(db, { email: `cert-${++counter}-${Date.now()}@example.org`, name, password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
	const { enrolment } = await enrol(db, { userId: user.id, courseId: course.courseId, versionId: course.version.id });
	return { origin: 'https://lb.example', actorId: user.actorId, enrolment, version: course.version, lang: 'de', now };
}

const lessonOf = (v: CachedVersion, id: string) => v.content.variants.de!.lessons.find((l) => l.id === id)!;

async function passTest(ctx: LearnerContext, correct = true) {
	const db = getDb();
	const test = lessonOf(ctx.version, 'test');
	const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
	await db.transaction((tx) => submitAttempt(tx, ctx, test, attempt.id, new Map([['q2', { type: 'true-false', value: correct }]])));
}

const certsOf = (userId: string) => getDb().select().from(certificates).where(eq(certificates.userId, userId)).orderBy(certificates.generation);

describe('issuing', () => {
	it('issues a Zertifikat with the pass, snapshotting name, course, workload, outline and validity', async () => {
		const now = new Date('2026-01-31T10:00:00Z');
		const ctx = await learner(zert, 'Łukasz Ğüneş-Øberg', now);
		await passTest(ctx, false);
		expect(await certsOf(ctx.enrolment.userId)).toHaveLength(0);
		await passTest(ctx);
		const [c] = await certsOf(ctx.enrolment.userId);
		expect(c).toMatchObject({
			holderName: 'Łukasz Ğüneş-Øberg',
			courseTitle: 'Probekurs',
			courseVersion: 1,
			kind: 'zertifikat',
			assessed: true,
			workloadUe: 1,
			outline: { lessons: ['Erste Lektion', 'Abschlusstest'], objectives: ['Etwas lernen'] },
			issuerName: 'Lernbrücke',
			language: 'de',
			enrolmentId: ctx.enrolment.id,
			versionId: zert.version.id,
			generation: 1
		});
		expect(c!.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{12}$`));
		expect(c!.issuedAt.toISOString()).toBe(now.toISOString());
		// 31 January + 12 months, and a month without a 31st is clamped, never rolled over.
		expect(c!.validUntil!.toISOString()).toBe('2027-01-31T10:00:00.000Z');
	});

	it('returns the existing certificate when asked to issue twice for the same version', async () => {
		const ctx = await learner(zert);
		await passTest(ctx);
		const [first] = await certsOf(ctx.enrolment.userId);
		const again = await getDb().transaction((tx) => issueCertificateIfEarned(tx, ctx));
		expect(again).toMatchObject({ created: false, certificate: { id: first!.id, code: first!.code } });
		expect(await certsOf(ctx.enrolment.userId)).toHaveLength(1);
	});

	it('issues nothing when the passing transaction rolls back', async () => {
		const ctx = await learner(zert);
		const test = lessonOf(ctx.version, 'test');
		const { attempt } = await getDb().transaction((tx) => startAttempt(tx, ctx, test));
		await expect(
			getDb().transaction(async (tx) => {
				await submitAttempt(tx, ctx, test, attempt.id, new Map([['q2', { type: 'true-false', value: true }]]));
				throw new Error('later step failed');
			})
		).rejects.toThrow('later step failed');
		expect(await certsOf(ctx.enrolment.userId)).toHaveLength(0);
	});

	it('issues a Teilnahmebescheinigung when the last lesson is completed, without validity end', async () => {
		const ctx = await learner(teil, 'Amira Haddad');
		const db = getDb();
		await db.transaction((tx) => completeLesson(tx, ctx, 'erste'));
		expect(await certsOf(ctx.enrolment.userId)).toHaveLength(0);
		await db.transaction((tx) => completeLesson(tx, ctx, 'test'));
		const [c] = await certsOf(ctx.enrolment.userId);
		expect(c).toMatchObject({ kind: 'teilnahmebescheinigung', assessed: false, holderName: 'Amira Haddad', validUntil: null });
	});

	it('takes issuer, signatory and place from the default issuing organisation', async () => {
		const db = getDb();
		const org = await createOrganisation(db, { name: 'IHK Test', type: 'kammer', regionAgs: '03403' }, null);
		await saveIssuer(db, org.id, { signatoryName: 'Dr. Ingrid Beispiel', signatoryRole: 'Geschäftsführerin', place: 'Oldenburg' });
		await setSetting(db, 'certificate_default_issuer', org.id, null);
		try {
			const ctx = await learner(zert);
			await passTest(ctx);
			const [c] = await certsOf(ctx.enrolment.userId);
			expect(c).toMatchObject({ issuerOrgId: org.id, issuerName: 'IHK Test', signatoryName: 'Dr. Ingrid Beispiel', signatoryRole: 'Geschäftsführerin', place: 'Oldenburg' });
		} finally {
			await setSetting(db, 'certificate_default_issuer', '', null);
		}
	});
});

describe('renewal', () => {
	it('renews when the final assessment is passed again within 60 days of expiry, not before', async () => {
		const ctx = await learner(zert, 'Renate Neu', new Date('2026-03-01T09:00:00Z'));
		await passTest(ctx);
		ctx.now = new Date('2026-06-01T09:00:00Z');
		await passTest(ctx);
		expect(await certsOf(ctx.enrolment.userId)).toHaveLength(1);
		ctx.now = new Date('2027-01-15T09:00:00Z');
		await passTest(ctx);
		const [old, renewed] = await certsOf(ctx.enrolment.userId);
		expect(renewed).toMatchObject({ generation: 2, supersededById: null });
		expect(renewed!.validUntil!.toISOString()).toBe('2028-01-15T09:00:00.000Z');
		expect(old).toMatchObject({ supersededById: renewed!.id, supersededReason: 'renewal' });
		expect(renewed!.code).not.toBe(old!.code);
	});
});

describe('statuses for the manager table', () => {
	it('report valid, expired (by the injected clock) and revoked per person and course', async () => {
		const db = getDb();
		const valid = await learner(zert, 'A', new Date('2026-01-10T00:00:00Z'));
		const revoked = await learner(zert, 'B', new Date('2026-01-10T00:00:00Z'));
		const none = await learner(zert, 'C');
		await passTest(valid);
		await passTest(revoked);
		await db.update(certificates).set({ revokedAt: new Date(), revokedReason: 'Täuschung' }).where(eq(certificates.userId, revoked.enrolment.userId));
		const ids = [valid, revoked, none].map((c) => c.enrolment.userId);
		const before = await certificateStatuses(db, { userIds: ids, courseIds: [zert.courseId] }, new Date('2026-06-01T00:00:00Z'));
		expect(before.get(statusKey(valid.enrolment.userId, zert.courseId))?.status).toBe('valid');
		expect(before.get(statusKey(revoked.enrolment.userId, zert.courseId))?.status).toBe('revoked');
		expect(before.has(statusKey(none.enrolment.userId, zert.courseId))).toBe(false);
		const after = await certificateStatuses(db, { userIds: ids }, new Date('2027-01-10T00:00:00Z'));
		expect(after.get(statusKey(valid.enrolment.userId, zert.courseId))).toMatchObject({ status: 'expired', validUntil: new Date('2027-01-10T00:00:00Z') });
		expect(await certificateStatuses(db, { userIds: [] })).toEqual(new Map());
	});
});

describe('platform key', () => {
	it('is generated once and published as an Ed25519 JWKS without the private part', async () => {
		const db = getDb();
		const first = await platformKey(db);
		forgetPlatformKey();
		const second = await platformKey(db);
		expect(second.kid).toBe(first.kid);
		const jwks = await publishedKeys(db);
		expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', kid: first.kid, alg: 'EdDSA' })]);
		expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
	});
});
