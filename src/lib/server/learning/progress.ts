import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { issueCertificateIfEarned } from '../certificates/issue';
import { enrolments, lessonProgress, type Enrolment } from '../db/schema';
import type { CachedVersion } from '../courses/cache';
import type { Lang } from '../courses/model';
import {
	courseCompleted,
	courseProgressed,
	lessonCompleted,
	lessonExperienced,
	sessionEnded,
	sessionStarted,
	type RecordScope,
	type Statement
} from './records';
import { platformAuthority, recordStatements } from '../xapi/store';

/** A pause longer than this ends a learning session (xAPI `terminated` at the last activity, then `initialized`). */
export const SESSION_GAP_MS = 30 * 60 * 1000;
/** Reloading the lesson one is on within this time is not a new visit: nothing is written or recorded. */
export const REOPEN_MS = 60 * 1000;

export interface LearnerContext {
	origin: string;
	actorId: string;
	enrolment: Enrolment;
	version: CachedVersion;
	lang: Lang;
	now?: Date;
}

export function recordScope(ctx: LearnerContext): RecordScope {
	const variant = ctx.version.content.variants[ctx.lang]!;
	return {
		origin: ctx.origin,
		actorId: ctx.actorId,
		registration: ctx.enrolment.id,
		courseId: ctx.version.courseId,
		courseTitle: variant.title,
		revision: ctx.version.declaredVersion,
		lang: ctx.lang
	};
}

/** Stores the statements describing a learning step in the LRS, inside the step's own transaction. */
export async function record(tx: DbOrTx, ctx: Pick<LearnerContext, 'origin'>, statements: Statement[]): Promise<Statement[]> {
	if (statements.length) await recordStatements(tx, statements, platformAuthority(ctx.origin));
	return statements;
}

export async function completedLessonIds(db: DbOrTx, enrolmentId: string): Promise<Set<string>> {
	const rows = await db
		.select({ lessonId: lessonProgress.lessonId })
		.from(lessonProgress)
		.where(and(eq(lessonProgress.enrolmentId, enrolmentId), isNotNull(lessonProgress.completedAt)));
	return new Set(rows.map((r) => r.lessonId));
}

/** Share of the version's lessons completed, 0–100 (whole numbers). Lessons of other versions do not count. */
export function progressPercent(lessonIds: string[], completed: Set<string>): number {
	if (!lessonIds.length) return 0;
	const done = lessonIds.filter((id) => completed.has(id)).length;
	return Math.round((done / lessonIds.length) * 100);
}

export const lessonIdsOf = (v: CachedVersion) => v.content.variants[v.content.language]!.lessons.map((l) => l.id);

/**
 * A reload of the same lesson within a minute is no new visit. Callers check this before opening a
 * transaction: skipping the write (and the empty transaction) keeps the most frequent page cheap.
 */
export function isReopen(ctx: LearnerContext, lessonId: string, now = ctx.now ?? new Date()): boolean {
	const last = ctx.enrolment.lastActiveAt;
	return !!last && ctx.enrolment.lastLessonId === lessonId && now.getTime() - last.getTime() < REOPEN_MS;
}

/**
 * The learner opens a lesson: remembered for "continue where I left off", and recorded as `experienced`
 * (with `terminated`/`initialized` around a pause). Stores and returns the statements describing it.
 */
export async function openLesson(tx: DbOrTx, ctx: LearnerContext, lessonId: string): Promise<Statement[]> {
	const now = ctx.now ?? new Date();
	const scope = recordScope(ctx);
	const lesson = ctx.version.content.variants[ctx.lang]!.lessons.find((l) => l.id === lessonId)!;
	const statements: Statement[] = [];
	const last = ctx.enrolment.lastActiveAt;
	if (isReopen(ctx, lessonId, now)) return [];
	if (!last || now.getTime() - last.getTime() > SESSION_GAP_MS) {
		if (last) statements.push(sessionEnded(scope, last));
		statements.push(sessionStarted(scope, now));
	}
	statements.push(lessonExperienced(scope, lesson, now));
	await tx.insert(lessonProgress).values({ enrolmentId: ctx.enrolment.id, lessonId, openedAt: now }).onConflictDoNothing();
	await tx.update(enrolments).set({ lastLessonId: lessonId, lastActiveAt: now }).where(eq(enrolments.id, ctx.enrolment.id));
	ctx.enrolment.lastLessonId = lessonId;
	ctx.enrolment.lastActiveAt = now;
	return record(tx, ctx, statements);
}

export interface CompletionResult {
	/** False when the lesson was completed before (nothing changed). */
	completedNow: boolean;
	courseCompletedNow: boolean;
	percent: number;
	statements: Statement[];
}

/** Marks a lesson completed; completes the course when it was the last one missing. */
export async function completeLesson(tx: DbOrTx, ctx: LearnerContext, lessonId: string): Promise<CompletionResult> {
	const now = ctx.now ?? new Date();
	const scope = recordScope(ctx);
	const lesson = ctx.version.content.variants[ctx.lang]!.lessons.find((l) => l.id === lessonId)!;
	await tx.insert(lessonProgress).values({ enrolmentId: ctx.enrolment.id, lessonId, openedAt: now }).onConflictDoNothing();
	const updated = await tx
		.update(lessonProgress)
		.set({ completedAt: now })
		.where(and(eq(lessonProgress.enrolmentId, ctx.enrolment.id), eq(lessonProgress.lessonId, lessonId), isNull(lessonProgress.completedAt)))
		.returning({ lessonId: lessonProgress.lessonId });
	await tx.update(enrolments).set({ lastActiveAt: now }).where(eq(enrolments.id, ctx.enrolment.id));
	const completed = await completedLessonIds(tx, ctx.enrolment.id);
	const percent = progressPercent(lessonIdsOf(ctx.version), completed);
	if (!updated.length) return { completedNow: false, courseCompletedNow: false, percent, statements: [] };

	const statements = [lessonCompleted(scope, lesson, now), courseProgressed(scope, percent, now)];
	let courseCompletedNow = false;
	if (percent === 100 && !ctx.enrolment.completedAt) {
		const done = await tx
			.update(enrolments)
			.set({ completedAt: now })
			.where(and(eq(enrolments.id, ctx.enrolment.id), isNull(enrolments.completedAt)))
			.returning({ id: enrolments.id });
		courseCompletedNow = done.length > 0;
		if (courseCompletedNow) {
			ctx.enrolment.completedAt = now;
			const completed = courseCompleted(scope, now);
			statements.push(completed);
			// A Teilnahmebescheinigung is earned by completing; issued in the completing transaction.
			const issued = await issueCertificateIfEarned(tx, ctx, { passingStatementId: completed.id });
			if (issued?.statement) statements.push(issued.statement);
		}
	}
	return { completedNow: true, courseCompletedNow, percent, statements: await record(tx, ctx, statements) };
}
