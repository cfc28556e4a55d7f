import { error } from '@sveltejs/kit';
import type { DbOrTx } from '../db';
import { availableLanguages, contentLanguage, getLiveCourse, getVersion, variantOf, type CachedVersion } from '../courses/cache';
import type { Lang } from '../courses/model';
import { findEnrolment, workingVersionId, type Enrolment } from './enrolment';

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
}

export async function courseForLearner(db: DbOrTx, slug: string, userId: string | null, uiLang: Lang): Promise<CourseForLearner> {
	if (!/^[a-z0-9-]{1,100}$/.test(slug)) error(404, 'not found');
	const found = await getLiveCourse(db, slug);
	if (!found) error(404, 'not found');
	const { course, live } = found;
	const enrolment = userId ? await findEnrolment(db, userId, course.id) : undefined;
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
		variant: variantOf(version, lang)
	};
}

/** Where "start" / "continue" leads: the last lesson opened, else the first lesson not completed. */
export function continueLessonId(lessonIds: string[], completed: Set<string>, lastLessonId: string | null | undefined): string {
	if (lastLessonId && lessonIds.includes(lastLessonId) && !completed.has(lastLessonId)) return lastLessonId;
	const next = lessonIds.find((id) => !completed.has(id));
	if (next) return next;
	return lastLessonId && lessonIds.includes(lastLessonId) ? lastLessonId : lessonIds[0]!;
}
