import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { enrolments } from '../db/schema';
import { getLiveCourse, variantOf, type CachedVersion } from '../courses/cache';
import { lessonItems } from '../courses/model';
import { fixtureCourseMd, fixtureFiles, fixtureLesson2, FIXTURE_ID } from '../courses/fixtures';
import { importCourseFiles } from '../courses/import';
import { findEnrolment } from '../learning/enrolment';
import { completeLesson, type LearnerContext } from '../learning/progress';
import { QuizError, startAttempt, submitAttempt } from '../quiz/attempts';
import { lessonQuiz } from '../quiz/lesson';
import { moveOntoLiveVersion, renewalLinks, renewalTarget, statusOf } from '.';
import { verifyCode } from './verify';
import { certificatesOf as byGeneration, certLearner } from './testing';

useTestDatabase();

const COURSE_ID = '7a1f0c2e-7777-4c38-9a11-0c7a4f6d2b01';
const SLUG = 'erneuerungs-kurs';
// Two certificates of generation 1 (one per version): ordered by issue date.
const certificatesOf = async (userId: string) => (await byGeneration(userId)).sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
const day = (iso: string) => new Date(`${iso}T09:00:00Z`);

/** Version 1: the fixture course; version 2 renames its final test (a new lesson id and title). */
const courseMd = (version: number) =>
	fixtureCourseMd()
		.replace(FIXTURE_ID, COURSE_ID)
		.replace('slug: probekurs', `slug: ${SLUG}`)
		.replace('version: 1', `version: ${version}`)
		.replace('certificate:\n  kind: zertifikat', 'certificate:\n  kind: zertifikat\n  valid_months: 12');
const v2Files = () =>
	fixtureFiles({
		'course.md': courseMd(2),
		'02-test.md': fixtureLesson2.replace('id: test', 'id: pruefung-neu').replace('title: Abschlusstest', 'title: Neue Abschlussprüfung')
	});

async function publish(files: Map<string, Uint8Array>): Promise<CachedVersion> {
	const outcome = await importCourseFiles(getDb(), { folder: SLUG, files, origin: 'folder' });
	expect(outcome.status).not.toBe('invalid');
	return (await getLiveCourse(getDb(), SLUG))!.live;
}

let v1: CachedVersion;
let v2: CachedVersion;
beforeAll(async () => {
	v1 = await publish(fixtureFiles({ 'course.md': courseMd(1) }));
});

async function pass(ctx: LearnerContext, lessonId: string, right = true) {
	const db = getDb();
	const lesson = ctx.version.content.variants.de!.lessons.find((l) => l.id === lessonId)!;
	const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, lesson));
	const answers = new Map(lessonItems(lesson).map((i) => [i.id, { type: 'true-false' as const, value: right }]));
	await db.transaction((tx) => submitAttempt(tx, ctx, lesson, attempt.id, answers));
}

/** The learner's context as the lesson page builds it after the renewal step: the enrolment as stored now. */
async function onVersion(ctx: LearnerContext, version: CachedVersion, now: Date): Promise<LearnerContext> {
	const enrolment = (await findEnrolment(getDb(), ctx.enrolment.userId, version.courseId))!;
	return { ...ctx, enrolment, version, now };
}

describe('renewal onto the current version', () => {
	it('leads to the live version’s final test; passing it issues a certificate for that version, the old one stays valid', async () => {
		const db = getDb();
		// Passed version 1 without opening every lesson: the enrolment stays on version 1.
		const ctx = await certLearner({ version: v1, courseId: COURSE_ID }, 'Vera Version', day('2026-03-01'));
		await pass(ctx, 'test');
		const [old] = await certificatesOf(ctx.enrolment.userId);
		expect(old).toMatchObject({ versionId: v1.id, courseVersion: 1 });

		v2 = await publish(v2Files());
		expect(v2.id).not.toBe(v1.id);
		const renewAt = day('2027-02-10');
		expect(await renewalLinks(db, [old!], day('2026-06-01'))).toEqual(new Map());
		expect((await renewalLinks(db, [old!], renewAt)).get(old!.id)).toBe(`/certificates/${old!.id}/renew`);
		const target = await renewalTarget(db, old!, renewAt);
		expect(target).toMatchObject({ slug: SLUG, lessonId: 'pruefung-neu', lessonTitle: 'Neue Abschlussprüfung', liveVersion: 2, certificateVersion: 1 });

		await moveOntoLiveVersion(db, ctx.enrolment.userId, COURSE_ID);
		const [moved] = await db.select().from(enrolments).where(eq(enrolments.id, ctx.enrolment.id));
		expect(moved!.versionId).toBe(v2.id); // same enrolment (xAPI registration), now on version 2

		await pass(await onVersion(ctx, v2, renewAt), 'pruefung-neu');
		const [first, renewed] = await certificatesOf(ctx.enrolment.userId);
		expect(renewed).toMatchObject({ versionId: v2.id, courseVersion: 2, generation: 1, supersededById: null });
		expect(renewed!.validUntil).toEqual(day('2028-02-10'));
		expect(first).toMatchObject({ id: old!.id, supersededById: renewed!.id, supersededReason: 'renewal' });

		// Verifying the old code: still valid until its own expiry, and it says that it was renewed.
		const check = await verifyCode(db, old!.code, '198.51.100.7', day('2027-02-11'));
		expect(check).toMatchObject({ limited: false, verification: { status: 'valid', renewed: true, holderName: 'Vera Version' } });
		expect(statusOf(first!, day('2027-03-02'))).toBe('expired');
		// Issued once per version: passing the same final test again changes nothing.
		await pass(await onVersion(ctx, v2, day('2027-02-12')), 'pruefung-neu');
		expect(await certificatesOf(ctx.enrolment.userId)).toHaveLength(2);
	});

	it('a learner who completed version 1 works on the live version already; passing another assessment issues nothing', async () => {
		const db = getDb();
		const v3 = await publish(
			fixtureFiles({
				'course.md': courseMd(3),
				// Version 3 puts a second assessment before the final test.
				'01-erste.md': fixtureLesson2.replace('id: test', 'id: zwischentest').replace('title: Abschlusstest', 'title: Zwischentest').replace('id: q2', 'id: q3'),
				'02-test.md': fixtureLesson2.replace('id: test', 'id: pruefung-neu')
			})
		);
		const learner = await certLearner({ version: v2, courseId: COURSE_ID }, 'Carla Komplett', day('2026-04-01'));
		// On version 2 (enrolled before version 3 went live): pass, then complete both lessons.
		await pass(learner, 'pruefung-neu');
		for (const id of ['erste', 'pruefung-neu']) await db.transaction((tx) => completeLesson(tx, learner, id));
		const [old] = await certificatesOf(learner.enrolment.userId);
		expect(old!.versionId).toBe(v2.id);

		const renewAt = day('2027-03-01');
		await moveOntoLiveVersion(db, learner.enrolment.userId, COURSE_ID);
		const [e] = await db.select().from(enrolments).where(eq(enrolments.id, learner.enrolment.id));
		expect(e!.versionId).toBe(v2.id); // completed: not moved, the live version is its working version anyway

		const onV3 = await onVersion(learner, v3, renewAt);
		await pass(onV3, 'zwischentest');
		expect(await certificatesOf(learner.enrolment.userId)).toHaveLength(1);
		await pass(onV3, 'pruefung-neu');
		const list = await certificatesOf(learner.enrolment.userId);
		expect(list.map((c) => [c.versionId, c.supersededReason])).toEqual([
			[v2.id, 'renewal'],
			[v3.id, null]
		]);
	});

	it('a limited final test gets a new round of attempts for the renewal; earlier attempts do not use it up', async () => {
		const db = getDb();
		const limitedId = '7a1f0c2e-9999-4c38-9a11-0c7a4f6d2b01';
		const md = courseMd(1).replace(COURSE_ID, limitedId).replace(`slug: ${SLUG}`, 'slug: begrenzt-kurs');
		const limited = fixtureLesson2.replace('assessment: true', 'assessment: true\nmax_attempts: 2');
		const outcome = await importCourseFiles(db, { folder: 'begrenzt-kurs', files: fixtureFiles({ 'course.md': md, '02-test.md': limited }), origin: 'folder' });
		expect(outcome.status).not.toBe('invalid');
		const version = (await getLiveCourse(db, 'begrenzt-kurs'))!.live;
		const ctx = await certLearner({ version, courseId: limitedId }, 'Lena Letzter-Versuch', day('2026-03-01'));
		const test = version.content.variants.de!.lessons.find((l) => l.id === 'test')!;
		await pass(ctx, 'test', false);
		await pass(ctx, 'test'); // passed with the last of two attempts
		const [c] = await certificatesOf(ctx.enrolment.userId);
		ctx.now = day('2026-03-02');
		await expect(db.transaction((tx) => startAttempt(tx, ctx, test))).rejects.toEqual(new QuizError('limit'));

		// In the renewal window the round starts again: two attempts after the certificate was issued.
		ctx.now = day('2027-02-10');
		const quiz = await lessonQuiz(db, ctx, test, variantOf(version, 'de').view);
		expect(quiz).toMatchObject({ attemptsUsed: 0, maxAttempts: 2, canStart: true });
		await pass(ctx, 'test', false);
		await pass(ctx, 'test');
		const [old, renewed] = await certificatesOf(ctx.enrolment.userId);
		expect(old).toMatchObject({ id: c!.id, supersededReason: 'renewal', supersededById: renewed!.id });
		expect(renewed!.validUntil).toEqual(day('2028-02-10'));
	});
});
