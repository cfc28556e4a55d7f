import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courses, courseVersions, enrolments, type Certificate } from '../db/schema';
import type { CourseContent } from '../courses/model';
import { enrol, findEnrolment, workingVersionId } from '../learning/enrolment';
import { renewalDue } from './issue';

const finalAssessment = (content: CourseContent) => (content.variants[content.language]?.lessons ?? []).filter((l) => l.assessment).at(-1);

/**
 * Where the holder renews a certificate that expires soon or has expired: a confirmation page leading to
 * the final assessment of the course's current (live) version, whose passed retake issues a certificate for
 * that version (issueCertificateIfEarned). Certificates without a final assessment in the live version (a
 * Teilnahmebescheinigung) or outside the renewal window get no link.
 */
export async function renewalLinks(db: DbOrTx, list: Certificate[], now: Date = new Date()): Promise<Map<string, string>> {
	const due = list.filter((c) => c.userId && renewalDue(c, now));
	const out = new Map<string, string>();
	if (!due.length) return out;
	const live = await db
		.select({ courseId: courses.id, content: courseVersions.content })
		.from(courses)
		.innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
		.where(inArray(courses.id, [...new Set(due.map((c) => c.courseId))]));
	const withFinal = new Set(live.filter((v) => finalAssessment(v.content)).map((v) => v.courseId));
	for (const c of due) if (withFinal.has(c.courseId)) out.set(c.id, `/certificates/${c.id}/renew`);
	return out;
}

export interface RenewalTarget {
	slug: string;
	courseTitle: string;
	/** The author's version number of the live version, and of the certificate's. */
	liveVersion: number;
	certificateVersion: number;
	lessonId: string;
	lessonTitle: string;
}

/** The final assessment of the course's live version, if the certificate may be renewed now. */
export async function renewalTarget(db: DbOrTx, c: Certificate, now: Date = new Date()): Promise<RenewalTarget | null> {
	if (!c.userId || !renewalDue(c, now)) return null;
	const [row] = await db
		.select({ slug: courses.slug, content: courseVersions.content, declaredVersion: courseVersions.declaredVersion })
		.from(courses)
		.innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
		.where(eq(courses.id, c.courseId));
	const final = row && finalAssessment(row.content);
	if (!row || !final) return null;
	const variant = row.content.variants[c.language] ?? row.content.variants[row.content.language]!;
	const lesson = variant.lessons.find((l) => l.id === final.id) ?? final;
	return {
		slug: row.slug,
		courseTitle: variant.title,
		liveVersion: row.declaredVersion,
		certificateVersion: c.courseVersion,
		lessonId: final.id,
		lessonTitle: lesson.title
	};
}

/**
 * Puts the holder onto the course's live version so that the final assessment they retake is the current
 * one. A learner who completed the course works on the live version already (workingVersionId); one who
 * passed without completing every lesson is moved — their progress is keyed by lesson id, so what still
 * exists stays done, and the enrolment (the xAPI registration) keeps its id. Without an enrolment (removed
 * since) they are enrolled again.
 */
export async function moveOntoLiveVersion(db: DbOrTx, userId: string, courseId: string): Promise<void> {
	const [course] = await db.select({ liveVersionId: courses.liveVersionId }).from(courses).where(eq(courses.id, courseId));
	if (!course?.liveVersionId) return;
	const enrolment = await findEnrolment(db, userId, courseId);
	if (!enrolment) {
		await enrol(db, { userId, courseId, versionId: course.liveVersionId });
		return;
	}
	if (workingVersionId(enrolment, course.liveVersionId) === course.liveVersionId) return;
	await db
		.update(enrolments)
		.set({ versionId: course.liveVersionId })
		.where(and(eq(enrolments.id, enrolment.id), isNull(enrolments.completedAt)));
}
