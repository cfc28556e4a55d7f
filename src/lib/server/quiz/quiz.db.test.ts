import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { attemptAnswers, attempts } from '../db/schema';
import { createUser } from '../users';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { fixtureFiles, fixtureLesson2 } from '../courses/fixtures';
import { importCourseFolder } from '../courses/import';
import type { Lesson } from '../courses/model';
import { enrol } from '../learning/enrolment';
import type { LearnerContext } from '../learning/progress';
import { answerItem, itemsDone, listAttempts, QuizError, startAttempt, submitAttempt } from './attempts';
import { itemStatistics, MIN_LEARNERS } from './stats';
import { saveSurvey, surveyAnswers } from './survey';

useTestDatabase();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-quiz-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let version: CachedVersion;
let courseId: string;
const lesson = (id: string): Lesson => version.content.variants.de!.lessons.find((l) => l.id === id)!;

beforeAll(async () => {
	const dir = path.join(root, 'probekurs');
	for (const [name, bytes] of fixtureFiles({ '02-test.md': fixtureLesson2.replace('assessment: true', 'assessment: true\nmax_attempts: 2') })) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), bytes);
	}
	await importCourseFolder(getDb(), dir);
	const live = (await getLiveCourse(getDb(), 'probekurs'))!;
	version = live.live;
	courseId = live.course.id;
});

let counter = 0;
async function learner(): Promise<LearnerContext> {
	const db = getDb();
	const user = await createUser(db, { email: `quiz-${++counter}-${Date.now()}@example.org`, name: 'Q', password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
	const { enrolment } = await enrol(db, { userId: user.id, courseId, versionId: version.id });
	return { origin: 'https://lb.example', actorId: user.actorId, enrolment, version, lang: 'de' };
}

describe('attempts', () => {
	it('store the shuffled order, close a lesson quiz with its last answer and refuse a second answer', async () => {
		const db = getDb();
		const ctx = await learner();
		const l1 = lesson('erste');
		expect(await itemsDone(db, ctx.enrolment.id, l1)).toBe(false);
		const { attempt, statements } = await db.transaction((tx) => startAttempt(tx, ctx, l1));
		expect(statements[0]!.verb.display.en).toBe('attempted');
		expect([...attempt.orders.q1!].sort()).toEqual(['a', 'b']);
		await expect(db.transaction((tx) => startAttempt(tx, ctx, l1))).rejects.toEqual(new QuizError('open_attempt'));

		const item = l1.body.find((b) => b.kind === 'quiz')!;
		if (item.kind !== 'quiz') throw new Error('fixture');
		const answered = await db.transaction((tx) => answerItem(tx, ctx, l1, attempt.id, item, { type: 'single', choice: 'b' }));
		expect(answered.statements[0]!.result).toMatchObject({ response: 'b', success: false, score: { raw: 0, max: 1 } });
		const [closed] = await listAttempts(db, ctx.enrolment.id, 'erste');
		expect(closed).toMatchObject({ score: 0, maxScore: 1, passed: null });
		expect(closed!.submittedAt).not.toBeNull();
		await expect(db.transaction((tx) => answerItem(tx, ctx, l1, attempt.id, item, { type: 'single', choice: 'a' }))).rejects.toEqual(new QuizError('closed'));
		expect(await itemsDone(db, ctx.enrolment.id, l1)).toBe(true);
	});

	it('judge an assessment, allow a retry within the limit, pass the course and refuse an attempt beyond the limit', async () => {
		const db = getDb();
		const ctx = await learner();
		const test = lesson('test');
		const first = (await db.transaction((tx) => startAttempt(tx, ctx, test))).attempt;
		const failed = await db.transaction((tx) => submitAttempt(tx, ctx, test, first.id, new Map([['q2', { type: 'true-false', value: false }]])));
		expect(failed.statements.map((s) => s.verb.display.en)).toEqual(['answered', 'failed']);
		const second = (await db.transaction((tx) => startAttempt(tx, ctx, test))).attempt;
		const passed = await db.transaction((tx) => submitAttempt(tx, ctx, test, second.id, new Map([['q2', { type: 'true-false', value: true }]])));
		expect(passed.statements.map((s) => s.verb.display.en)).toEqual(['answered', 'passed', 'passed', 'earned']);
		expect(passed.statements[2]!.object.id).toContain('/course/');
		expect(ctx.enrolment.passedAt).toBeInstanceOf(Date);
		await expect(db.transaction((tx) => startAttempt(tx, ctx, test))).rejects.toEqual(new QuizError('limit'));
	});

	it('let only one of two concurrent first opens start an attempt (two tabs, a double click)', async () => {
		const db = getDb();
		const ctx = await learner();
		const l1 = lesson('erste');
		const start = () => db.transaction((tx) => startAttempt(tx, { ...ctx }, l1));
		const results = await Promise.allSettled([start(), start(), start()]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toEqual(new QuizError('open_attempt'));
		expect(await listAttempts(db, ctx.enrolment.id, 'erste')).toHaveLength(1);
	});

	it('let only one of two concurrent submits close an attempt and leave the stored answers unchanged', async () => {
		const db = getDb();
		const ctx = await learner();
		const test = lesson('test');
		const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
		const submit = (value: boolean) => db.transaction((tx) => submitAttempt(tx, { ...ctx }, test, attempt.id, new Map([['q2', { type: 'true-false', value }]])));
		const results = await Promise.allSettled([submit(true), submit(false)]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(rejected.reason).toBeInstanceOf(QuizError);
		const stored = await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id));
		expect(stored).toHaveLength(1);
		const [row] = await db.select().from(attempts).where(eq(attempts.id, attempt.id));
		expect(row!.score).toBe(stored[0]!.score);
		await expect(submit(true)).rejects.toEqual(new QuizError('closed'));
	});
});

describe('trainer item statistics', () => {
	it(`withhold figures until ${MIN_LEARNERS} learners answered, then show the share per option`, async () => {
		const db = getDb();
		const test = lesson('test');
		// Learners of the tests above answered q2 already; count how many more are needed for exactly k-1.
		const before = (await itemStatistics(db, courseId, version.content.variants.de!)).find((s) => s.itemId === 'q2')!;
		expect(before.answered).toBeNull();
		const rows = await db.select({ e: attempts.enrolmentId }).from(attempts).innerJoin(attemptAnswers, eq(attemptAnswers.attemptId, attempts.id)).where(eq(attemptAnswers.itemId, 'q2'));
		let have = new Set(rows.map((r) => r.e)).size;
		while (have < MIN_LEARNERS - 1) {
			const ctx = await learner();
			const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
			await db.transaction((tx) => submitAttempt(tx, ctx, test, attempt.id, new Map([['q2', { type: 'true-false', value: true }]])));
			have++;
		}
		expect((await itemStatistics(db, courseId, version.content.variants.de!)).find((s) => s.itemId === 'q2')!.answered).toBeNull();
		const ctx = await learner();
		const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
		await db.transaction((tx) => submitAttempt(tx, ctx, test, attempt.id, new Map([['q2', { type: 'true-false', value: false }]])));
		const after = (await itemStatistics(db, courseId, version.content.variants.de!)).find((s) => s.itemId === 'q2')!;
		expect(after.answered).toBe(MIN_LEARNERS);
		const shares = Object.fromEntries(after.options!.map((o) => [o.id, o.share]));
		expect(shares.true! + shares.false!).toBeCloseTo(1);
		expect(shares.false).toBeGreaterThan(0);
	});
});

describe('self-assessment', () => {
	it('keeps the first answers of a phase and records likert statements marked pre', async () => {
		const db = getDb();
		const ctx = await learner();
		const first = await db.transaction((tx) => saveSurvey(tx, ctx, 'pre', { s1: 2 }));
		expect(first.saved).toBe(true);
		expect(first.statements[0]!.context.extensions).toEqual({ 'https://lb.example/xapi/extensions/survey-phase': 'pre' });
		const again = await db.transaction((tx) => saveSurvey(tx, ctx, 'pre', { s1: 5 }));
		expect(again.saved).toBe(false);
		expect((await surveyAnswers(db, ctx.enrolment.id, 'vorher-nachher')).pre).toEqual({ s1: 2 });
	});
});
