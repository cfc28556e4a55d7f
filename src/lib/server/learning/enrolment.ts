import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courses, enrolments, lessonProgress, type Enrolment } from '../db/schema';
import type { Lang } from '../courses/model';

export type { Enrolment };

/**
 * Enrols a learner in a course on the given version (the live one when they enrol). Enrolling twice
 * returns the existing enrolment: the id is the xAPI registration and must not change.
 */
export async function enrol(
	db: DbOrTx,
	input: { userId: string; courseId: string; versionId: string; source?: 'self' | 'assigned' }
): Promise<{ enrolment: Enrolment; created: boolean }> {
	const [created] = await db
		.insert(enrolments)
		.values({ userId: input.userId, courseId: input.courseId, versionId: input.versionId, source: input.source ?? 'self' })
		.onConflictDoNothing({ target: [enrolments.userId, enrolments.courseId] })
		.returning();
	if (created) return { enrolment: created, created: true };
	return { enrolment: (await findEnrolment(db, input.userId, input.courseId))!, created: false };
}

export async function findEnrolment(db: DbOrTx, userId: string, courseId: string): Promise<Enrolment | undefined> {
	const [row] = await db
		.select()
		.from(enrolments)
		.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)));
	return row;
}

export async function listEnrolments(db: DbOrTx, userId: string) {
	return db
		.select({ enrolment: enrolments, slug: courses.slug, liveVersionId: courses.liveVersionId })
		.from(enrolments)
		.innerJoin(courses, eq(courses.id, enrolments.courseId))
		.where(eq(enrolments.userId, userId))
		.orderBy(desc(enrolments.lastActiveAt), desc(enrolments.enrolledAt));
}

/**
 * A learner's enrolments with the ids of the lessons completed in each, in one query (the learner's home shows
 * the progress of every course; a query per enrolment grew with the number of courses).
 */
export async function listEnrolmentsWithProgress(db: DbOrTx, userId: string) {
	const rows = await db
		.select({
			enrolment: enrolments,
			slug: courses.slug,
			liveVersionId: courses.liveVersionId,
			completed: sql<string[]>`coalesce((
				select json_agg(${lessonProgress.lessonId}) from ${lessonProgress}
				where ${lessonProgress.enrolmentId} = ${enrolments.id} and ${lessonProgress.completedAt} is not null), '[]'::json)`
		})
		.from(enrolments)
		.innerJoin(courses, eq(courses.id, enrolments.courseId))
		.where(eq(enrolments.userId, userId))
		.orderBy(desc(enrolments.lastActiveAt), desc(enrolments.enrolledAt));
	return rows.map((r) => ({ ...r, completed: new Set(r.completed) }));
}

export async function setEnrolmentLanguage(db: DbOrTx, enrolmentId: string, language: Lang | null): Promise<void> {
	await db.update(enrolments).set({ language }).where(eq(enrolments.id, enrolmentId));
}

/**
 * The version a learner works on: the one they enrolled in until they complete the course; after that the
 * live one (progress is keyed by lesson id, so lessons that still exist stay completed).
 */
export function workingVersionId(enrolment: Pick<Enrolment, 'versionId' | 'completedAt'>, liveVersionId: string | null): string {
	return enrolment.completedAt && liveVersionId ? liveVersionId : enrolment.versionId;
}
