import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, gt, isNotNull, isNull, max, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db';
import { prepared } from '../db/prepared';
import { attemptAnswers, attempts, certificates, enrolments, type Attempt, type AttemptAnswer } from '../db/schema';
import { lessonItems, type Lesson, type ScoredItem } from '../courses/model';
import { record, recordScope, type LearnerContext } from '../learning/progress';
import { issueCertificateIfEarned, renewalDue, RENEWAL_WINDOW_DAYS } from '../certificates/issue';
import { recordFirstAnswers } from '../evaluation/first-answers';
import { attemptStarted, itemAnswered, judged, type Statement } from '../learning/records';
import { attemptOutcome, responseString, scoreItem, type Response } from './scoring';

export type { Attempt, AttemptAnswer };

/** Why an answer or an attempt was refused; the page explains each in the learner's language. */
export type QuizRefusal = 'unknown_attempt' | 'closed' | 'already_answered' | 'limit' | 'open_attempt';
export class QuizError extends Error {
	constructor(readonly code: QuizRefusal) {
		super(code);
	}
}

/** Fisher–Yates with a CSPRNG; an ordering item is never shown already in its correct order. */
export function shuffled<T>(list: T[], avoidIdentity = false): T[] {
	for (let tries = 0; tries < 10; tries++) {
		const out = [...list];
		for (let i = out.length - 1; i > 0; i--) {
			const j = randomInt(i + 1);
			[out[i], out[j]] = [out[j]!, out[i]!];
		}
		if (!avoidIdentity || out.some((x, i) => x !== list[i]) || list.length < 2) return out;
	}
	return [...list].reverse();
}

/** The order in which an item's choices are shown in one attempt (ids). */
export function orderFor(item: ScoredItem): string[] {
	if (item.kind === 'incident') return item.shuffle ? shuffled(item.options.map((o) => o.id)) : item.options.map((o) => o.id);
	switch (item.type) {
		case 'single':
		case 'multiple':
			return item.shuffle ? shuffled(item.options.map((o) => o.id)) : item.options.map((o) => o.id);
		case 'matching':
			// The right sides offered in each select.
			return item.shuffle ? shuffled(item.pairs.map((p) => p.id)) : item.pairs.map((p) => p.id);
		case 'ordering':
			return shuffled(item.items.map((i) => i.id), true);
		default:
			return [];
	}
}

export async function listAttempts(db: DbOrTx, enrolmentId: string, lessonId: string): Promise<Attempt[]> {
	return db
		.select()
		.from(attempts)
		.where(and(eq(attempts.enrolmentId, enrolmentId), eq(attempts.lessonId, lessonId)))
		.orderBy(asc(attempts.number));
}

const lessonAttemptsQuery = (db: DbOrTx) => {
	const later = alias(attempts, 'later');
	const isLatest = notExists(
		db
			.select({ one: later.id })
			.from(later)
			.where(and(eq(later.enrolmentId, attempts.enrolmentId), eq(later.lessonId, attempts.lessonId), gt(later.number, attempts.number)))
	);
	return db
		.select({ attempt: attempts, answer: attemptAnswers })
		.from(attempts)
		.leftJoin(attemptAnswers, and(eq(attemptAnswers.attemptId, attempts.id), isLatest))
		.where(and(eq(attempts.enrolmentId, sql.placeholder('enrolmentId')), eq(attempts.lessonId, sql.placeholder('lessonId'))))
		.orderBy(asc(attempts.number), asc(attemptAnswers.itemId))
		.prepare('lesson_attempts');
};

/**
 * A lesson's attempts (oldest first) and the answers given in the latest one: what the lesson page shows,
 * in one round trip rather than two, since the page is the platform's most requested.
 */
export async function lessonAttempts(db: DbOrTx, enrolmentId: string, lessonId: string): Promise<{ attempts: Attempt[]; latestAnswers: AttemptAnswer[] }> {
	const rows = await prepared(db, 'lesson_attempts', lessonAttemptsQuery).execute({ enrolmentId, lessonId });
	const list: Attempt[] = [];
	const latestAnswers: AttemptAnswer[] = [];
	for (const { attempt, answer } of rows) {
		if (list[list.length - 1]?.id !== attempt.id) list.push(attempt);
		if (answer) latestAnswers.push(answer);
	}
	return { attempts: list, latestAnswers };
}

export async function answersOf(db: DbOrTx, attemptId: string): Promise<AttemptAnswer[]> {
	return db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId));
}

/**
 * The attempts that count against a limited assessment's limit. Renewing a certificate is a new round at the
 * final test: once the learner's current certificate for the course is in its renewal window (or expired),
 * only attempts started since the window opened count — without this, a learner who needed every attempt
 * to pass could never renew. Lessons without a limit need no query.
 */
export async function countedAttempts(db: DbOrTx, ctx: Pick<LearnerContext, 'enrolment' | 'version' | 'now'>, lesson: Lesson, list: Attempt[]): Promise<number> {
	if (lesson.maxAttempts === undefined || !lesson.assessment || !list.length) return list.length;
	const [current] = await db
		.select()
		.from(certificates)
		.where(and(eq(certificates.userId, ctx.enrolment.userId), eq(certificates.courseId, ctx.version.courseId), isNull(certificates.supersededById)))
		.orderBy(desc(certificates.issuedAt))
		.limit(1);
	if (!current?.validUntil || !renewalDue(current, ctx.now ?? new Date())) return list.length;
	const since = current.validUntil.getTime() - RENEWAL_WINDOW_DAYS * 24 * 60 * 60 * 1000;
	return list.filter((a) => a.startedAt.getTime() >= since).length;
}

/** Starts the next attempt at a lesson's items, within the lesson's attempt limit. */
export async function startAttempt(tx: DbOrTx, ctx: LearnerContext, lesson: Lesson): Promise<{ attempt: Attempt; statements: Statement[] }> {
	const now = ctx.now ?? new Date();
	const previous = await listAttempts(tx, ctx.enrolment.id, lesson.id);
	if (previous.some((a) => !a.submittedAt)) throw new QuizError('open_attempt');
	if (lesson.maxAttempts !== undefined && (await countedAttempts(tx, ctx, lesson, previous)) >= lesson.maxAttempts) throw new QuizError('limit');
	const orders = Object.fromEntries(lessonItems(lesson).map((item) => [item.id, orderFor(item)]));
	const [attempt] = await tx
		.insert(attempts)
		.values({ enrolmentId: ctx.enrolment.id, lessonId: lesson.id, versionId: ctx.version.id, number: previous.length + 1, orders, startedAt: now })
		// Two tabs (or a double click) opening the lesson at once both see no attempt; the unique number
		// lets exactly one insert win, and the other learns of it as the usual "attempt already open".
		.onConflictDoNothing()
		.returning();
	if (!attempt) throw new QuizError('open_attempt');
	return { attempt: attempt!, statements: await record(tx, ctx, [attemptStarted(recordScope(ctx), lesson, now)]) };
}

async function openAttemptOf(tx: DbOrTx, ctx: LearnerContext, lesson: Lesson, attemptId: string): Promise<Attempt> {
	const [attempt] = await tx
		.select()
		.from(attempts)
		.where(and(eq(attempts.id, attemptId), eq(attempts.enrolmentId, ctx.enrolment.id), eq(attempts.lessonId, lesson.id)));
	if (!attempt) throw new QuizError('unknown_attempt');
	if (attempt.submittedAt) throw new QuizError('closed');
	return attempt;
}

async function storeAnswer(tx: DbOrTx, ctx: LearnerContext, lesson: Lesson, attempt: Attempt, item: ScoredItem, response: Response, now: Date) {
	const s = scoreItem(item, response, ctx.version.content.multipleScoring);
	const inserted = await tx
		.insert(attemptAnswers)
		.values({ attemptId: attempt.id, itemId: item.id, response, score: s.score, maxScore: s.max, correct: s.correct, answeredAt: now })
		.onConflictDoNothing()
		.returning({ itemId: attemptAnswers.itemId });
	if (!inserted.length) throw new QuizError('already_answered');
	return itemAnswered(recordScope(ctx), lesson, { item, response: responseString(response), score: s.score, success: s.correct, durationMs: now.getTime() - attempt.startedAt.getTime() }, now);
}

/**
 * Lesson quizzes with immediate feedback: one item at a time. The attempt closes when its last item is
 * answered.
 */
export async function answerItem(tx: DbOrTx, ctx: LearnerContext, lesson: Lesson, attemptId: string, item: ScoredItem, response: Response) {
	const now = ctx.now ?? new Date();
	const attempt = await openAttemptOf(tx, ctx, lesson, attemptId);
	const statements = [await storeAnswer(tx, ctx, lesson, attempt, item, response, now)];
	const answered = await answersOf(tx, attempt.id);
	if (answered.length >= lessonItems(lesson).length) statements.push(...(await closeAttempt(tx, ctx, lesson, attempt, answered, now)));
	return { statements: await record(tx, ctx, statements) };
}

/** Assessments and after-attempt feedback: every item at once, then the attempt is scored and closed. */
export async function submitAttempt(tx: DbOrTx, ctx: LearnerContext, lesson: Lesson, attemptId: string, responses: Map<string, Response>) {
	const now = ctx.now ?? new Date();
	const attempt = await openAttemptOf(tx, ctx, lesson, attemptId);
	const statements: Statement[] = [];
	for (const item of lessonItems(lesson)) {
		statements.push(await storeAnswer(tx, ctx, lesson, attempt, item, responses.get(item.id)!, now));
	}
	statements.push(...(await closeAttempt(tx, ctx, lesson, attempt, await answersOf(tx, attempt.id), now)));
	return { statements: await record(tx, ctx, statements) };
}

async function closeAttempt(tx: DbOrTx, ctx: LearnerContext, lesson: Lesson, attempt: Attempt, answers: AttemptAnswer[], now: Date): Promise<Statement[]> {
	const { score, maxScore, mastery, passed } = attemptOutcome(answers, lesson.assessment, ctx.version.content.passingScore);
	// The conditional update is the lock: of two concurrent submits, only one closes the attempt.
	const closed = await tx
		.update(attempts)
		.set({ submittedAt: now, score, maxScore, passed })
		.where(and(eq(attempts.id, attempt.id), isNull(attempts.submittedAt)))
		.returning({ id: attempts.id });
	if (!closed.length) throw new QuizError('closed');
	// Evaluation's copy of first attempts, in the same transaction so it never disagrees with the attempts.
	await recordFirstAnswers(tx, [attempt.id]);
	if (passed === null) return [];
	const scope = recordScope(ctx);
	const statements = [judged(scope, lesson, { score, max: maxScore, mastery, passed, durationMs: now.getTime() - attempt.startedAt.getTime() }, now)];
	if (passed && !ctx.enrolment.passedAt && (await allAssessmentsPassed(tx, ctx))) {
		await tx.update(enrolments).set({ passedAt: now }).where(and(eq(enrolments.id, ctx.enrolment.id), isNull(enrolments.passedAt)));
		ctx.enrolment.passedAt = now;
		statements.push(judged(scope, 'course', { score, max: maxScore, mastery, passed: true }, now));
	}
	// Same transaction as the pass: a certificate exists exactly when the pass does. A passed retake of the
	// final assessment renews a certificate that is about to expire.
	if (passed && ctx.enrolment.passedAt) {
		const issued = await issueCertificateIfEarned(tx, ctx, { passedAssessment: lesson.id, passingStatementId: statements[statements.length - 1]!.id });
		if (issued?.statement) statements.push(issued.statement);
	}
	return statements;
}

/** Course passed = every assessment lesson of the working version has a passed attempt. */
export async function allAssessmentsPassed(db: DbOrTx, ctx: LearnerContext): Promise<boolean> {
	const assessments = ctx.version.content.variants[ctx.version.content.language]!.lessons.filter((l) => l.assessment).map((l) => l.id);
	if (!assessments.length) return false;
	const rows = await db
		.select({ lessonId: attempts.lessonId })
		.from(attempts)
		.where(and(eq(attempts.enrolmentId, ctx.enrolment.id), eq(attempts.passed, true)));
	const passed = new Set(rows.map((r) => r.lessonId));
	return assessments.every((id) => passed.has(id));
}

/** A lesson's items count as answered once an attempt at them is closed (lesson completion needs that). */
export async function itemsDone(db: DbOrTx, enrolmentId: string, lesson: Lesson): Promise<boolean> {
	if (!lessonItems(lesson).length) return true;
	const [row] = await db
		.select({ n: max(attempts.number) })
		.from(attempts)
		.where(and(eq(attempts.enrolmentId, enrolmentId), eq(attempts.lessonId, lesson.id), isNotNull(attempts.submittedAt)));
	return !!row?.n;
}
