import { error, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import type { SessionUser } from '$lib/server/auth/session';
import type { DbOrTx } from '$lib/server/db';
import { courseForLearner } from '$lib/server/learning/course-access';

/**
 * Shared by the lesson page and its print view: the learner must be enrolled (otherwise they are sent to
 * the course page, where they can enrol), and the lesson must exist in their version (otherwise 404).
 */
export async function lessonForLearner(db: DbOrTx, user: SessionUser, slug: string, lessonId: string) {
	const c = await courseForLearner(db, slug, user.id, getLocale());
	if (!c.enrolment) redirect(303, `/courses/${c.slug}?notEnrolled=1`);
	const lessons = c.variant.view.lessons;
	const index = lessons.findIndex((l) => l.id === lessonId);
	if (index === -1) error(404, 'not found');
	return { c, enrolment: c.enrolment, lesson: lessons[index]!, index, prev: lessons[index - 1], next: lessons[index + 1] };
}
