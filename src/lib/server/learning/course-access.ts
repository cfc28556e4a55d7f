import { error } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { prepared } from '../db/prepared';
import { courses, enrolments, lessonProgress } from '../db/schema';
import { availableLanguages, contentLanguage, getVersion, variantOf, type CachedVersion } from '../courses/cache';
import type { Lang } from '../courses/model';
import { workingVersionId, type Enrolment } from './enrolment';

/**
 * What a course page or lesson page needs about one course for one person: the live version, their
 * enrolment (if any), the version they work on and the language they read it in. Unknown slug → 404.
 */
export interface CourseForLearner {
	courseId: string;
	slug: string;
	live: CachedVersion;
	enrolment?: Enrolment;
	/** The enrolment's working version, or the live one for people not enrolled. */
	version: CachedVersion;
	lang: Lang;
	languages: Lang[];
	variant: ReturnType<typeof variantOf>;
	/** Ids of the lessons this person has completed in this course (empty when not enrolled). */
	completed: Set<string>;
}

/**
 * The course row, this person's enrolment and their completed lessons in one round trip: every lesson
 * and course page needs all three, and each query costs more than the rest of the page's server work.
 */
const courseQuery = (db: DbOrTx) =>
	db
		.select({
			course: courses,
			enrolment: enrolments,
			completed: sql<string[]>`coalesce((
				select json_agg(${lessonProgress.lessonId}) from ${lessonProgress}
				where ${lessonProgress.enrolmentId} = ${enrolments.id} and ${lessonProgress.completedAt} is not null), '[]'::json)`
		})
		.from(courses)
		.leftJoin(enrolments, and(eq(enrolments.courseId, courses.id), eq(enrolments.userId, sql.placeholder('userId'))))
		.where(eq(courses.slug, sql.placeholder('slug')))
		.prepare('course_for_learner');

async function courseRow(db: DbOrTx, slug: string, userId: string | null) {
	if (!userId) {
		const [course] = await db.select().from(courses).where(eq(courses.slug, slug));
		return course && { course, enrolment: undefined, completed: [] as string[] };
	}
	const [row] = await prepared(db, 'course_for_learner', courseQuery).execute({ slug, userId });
	return row && { course: row.course, enrolment: row.enrolment ?? undefined, completed: row.completed };
}

export async function courseForLearner(db: DbOrTx, slug: string, userId: string | null, uiLang: Lang): Promise<CourseForLearner> {
	if (!/^[a-z0-9-]{1,100}$/.test(slug)) error(404, 'not found');
	const found = await courseRow(db, slug, userId);
	const live = found?.course.liveVersionId ? await getVersion(db, found.course.liveVersionId) : undefined;
	if (!found || !live) error(404, 'not found');
	const { course, enrolment } = found;
	// An archived course is gone for newcomers; those already enrolled finish it.
	if (course.archivedAt && !enrolment) error(404, 'not found');
	const version = enrolment ? ((await getVersion(db, workingVersionId(enrolment, course.liveVersionId))) ?? live) : live;
	const lang = contentLanguage(version, enrolment?.language, uiLang);
	return {
		courseId: course.id,
		slug: course.slug,
		live,
		enrolment,
		version,
		lang,
		languages: availableLanguages(version),
		variant: variantOf(version, lang),
		completed: new Set(found.completed)
	};
}

/** Where "start" / "continue" leads: the last lesson opened, else the first lesson not completed. */
export function continueLessonId(lessonIds: string[], completed: Set<string>, lastLessonId: string | null | undefined): string {
	if (lastLessonId && lessonIds.includes(lastLessonId) && !completed.has(lastLessonId)) return lastLessonId;
	const next = lessonIds.find((id) => !completed.has(id));
	if (next) return next;
	return lastLessonId && lessonIds.includes(lastLessonId) ? lastLessonId : lessonIds[0]!;
}
