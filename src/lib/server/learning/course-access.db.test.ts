import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { createUser } from '../users';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { FIXTURE_ID, fixtureCourseMd, fixtureFiles } from '../courses/fixtures';
import { importCourseFolder } from '../courses/import';
import type { Lesson } from '../courses/model';
import { answerItem, lessonAttempts, startAttempt, submitAttempt } from '../quiz/attempts';
import { courseForLearner } from './course-access';
import { enrol } from './enrolment';
import { completeLesson, type LearnerContext } from './progress';

// The lesson and course pages read course, enrolment, completed lessons and quiz attempts in two combined
// queries; these tests pin down that the combination returns exactly what the separate queries did.
useTestDatabase();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-access-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let version: CachedVersion;
let courseId: string;
const lesson = (id: string): Lesson => version.content.variants.de!.lessons.find((l) => l.id === id)!;

beforeAll(async () => {
	const dir = path.join(root, 'probekurs');
	// A second course with the same lesson ids, to show that completions never cross courses.
	const other = path.join(root, 'anderer-kurs');
	const otherCourse = fixtureCourseMd().replace(FIXTURE_ID, '0d1f9a7e-3c2b-4e5f-8a6b-7c8d9e0f1a2b').replace('slug: probekurs', 'slug: anderer-kurs');
	for (const [folder, files] of [[dir, fixtureFiles()], [other, fixtureFiles({ 'course.md': otherCourse })]] as const) {
		for (const [name, bytes] of files) {
			fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
			fs.writeFileSync(path.join(folder, name), bytes);
		}
	}
	await importCourseFolder(getDb(), dir);
	await importCourseFolder(getDb(), other);
	const live = (await getLiveCourse(getDb(), 'probekurs'))!;
	version = live.live;
	courseId = live.course.id;
});

let counter = 0;
async function person() {
	return createUser(getDb(), { email: `access-${++counter}-${Date.now()}@example.org`, name: 'A', password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
}
async function learner(slug = 'probekurs'): Promise<LearnerContext & { userId: string }> {
	const db = getDb();
	const user = await person();
	const c = await courseForLearner(db, slug, user.id, 'de');
	const { enrolment } = await enrol(db, { userId: user.id, courseId: c.courseId, versionId: c.version.id });
	return { userId: user.id, origin: 'https://lb.example', actorId: user.actorId, enrolment, version: c.version, lang: 'de' };
}

describe('courseForLearner', () => {
	it('returns the enrolment and only this enrolment’s completed lessons', async () => {
		const db = getDb();
		const me = await learner();
		const neighbour = await learner();
		const elsewhere = await learner('anderer-kurs');
		// Another learner in the same course, and the same lesson id completed in another course.
		await db.transaction((tx) => completeLesson(tx, neighbour, 'erste'));
		await db.transaction((tx) => completeLesson(tx, elsewhere, 'erste'));
		expect((await courseForLearner(db, 'probekurs', me.userId, 'de')).completed).toEqual(new Set());

		await db.transaction((tx) => completeLesson(tx, me, 'erste'));
		const c = await courseForLearner(db, 'probekurs', me.userId, 'de');
		expect(c.enrolment?.id).toBe(me.enrolment.id);
		expect(c.completed).toEqual(new Set(['erste']));
		expect(c.version.id).toBe(version.id);
	});

	it('has no enrolment and nothing completed for someone not enrolled or not logged in', async () => {
		const db = getDb();
		const enrolledElsewhere = await learner('anderer-kurs');
		await db.transaction((tx) => completeLesson(tx, enrolledElsewhere, 'erste'));
		for (const userId of [enrolledElsewhere.userId, (await person()).id, null]) {
			const c = await courseForLearner(db, 'probekurs', userId, 'de');
			expect(c.courseId).toBe(courseId);
			expect(c.enrolment).toBeUndefined();
			expect(c.completed).toEqual(new Set());
		}
	});

	it('answers an unknown course with 404', async () => {
		await expect(courseForLearner(getDb(), 'gibt-es-nicht', null, 'de')).rejects.toMatchObject({ status: 404 });
	});
});

describe('lessonAttempts', () => {
	it('lists the attempts in order with the answers of the latest one only', async () => {
		const db = getDb();
		const ctx = await learner();
		const l1 = lesson('erste');
		expect(await lessonAttempts(db, ctx.enrolment.id, 'erste')).toEqual({ attempts: [], latestAnswers: [] });

		const item = l1.body.find((b) => b.kind === 'quiz')!;
		if (item.kind !== 'quiz') throw new Error('fixture');
		const first = (await db.transaction((tx) => startAttempt(tx, ctx, l1))).attempt;
		await db.transaction((tx) => answerItem(tx, ctx, l1, first.id, item, { type: 'single', choice: 'b' }));
		let found = await lessonAttempts(db, ctx.enrolment.id, 'erste');
		expect(found.attempts.map((a) => a.number)).toEqual([1]);
		expect(found.latestAnswers.map((a) => [a.attemptId, a.itemId, a.response])).toEqual([[first.id, item.id, { type: 'single', choice: 'b' }]]);
		expect(found.latestAnswers[0]!.answeredAt).toBeInstanceOf(Date);

		const second = (await db.transaction((tx) => startAttempt(tx, ctx, l1))).attempt;
		found = await lessonAttempts(db, ctx.enrolment.id, 'erste');
		expect(found.attempts.map((a) => a.id)).toEqual([first.id, second.id]);
		expect(found.latestAnswers).toEqual([]);

		await db.transaction((tx) => submitAttempt(tx, ctx, l1, second.id, new Map([[item.id, { type: 'single', choice: 'a' }]])));
		found = await lessonAttempts(db, ctx.enrolment.id, 'erste');
		expect(found.attempts.map((a) => a.id)).toEqual([first.id, second.id]);
		expect(found.latestAnswers.map((a) => [a.attemptId, a.response])).toEqual([[second.id, { type: 'single', choice: 'a' }]]);
		// Another learner's attempts at the same lesson stay out.
		const other = await learner();
		expect(await lessonAttempts(db, other.enrolment.id, 'erste')).toEqual({ attempts: [], latestAnswers: [] });
	});
});
