import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { contentLanguage, getVersions, listLiveVersions, type CachedVersion } from '$lib/server/courses/cache';
import type { Lang } from '$lib/server/courses/model';
import { listEnrolmentsWithProgress, workingVersionId } from '$lib/server/learning/enrolment';
import { outlineOf } from '$lib/server/learning/outline';
import { certificatesOfUser, renewalLinks, statusOf } from '$lib/server/certificates';
import { certificateSummary } from '$lib/server/certificates/summary';
import { resolveAssignedCourses } from '$lib/server/assignments';
import { berlinToday, isOverdue } from '$lib/server/assignments/dates';

interface LearnCard {
	courseId: string;
	slug: string;
	lang: Lang;
	title: string;
	workloadUe: number;
	enrolled: boolean;
	started: boolean;
	completedAt: string | null;
	done: number;
	total: number;
	percent: number;
	continueId: string | null;
	continueTitle: string | null;
	dueDate: string | null;
	overdue: boolean;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'learner', url);
	const db = getDb();
	const rows = await listEnrolmentsWithProgress(db, user.id);
	const versions = await getVersions(db, rows.map((r) => workingVersionId(r.enrolment, r.liveVersionId)));
	const enrolled: LearnCard[] = [];
	for (const { enrolment, slug, liveVersionId, completed } of rows) {
		const version = versions.get(workingVersionId(enrolment, liveVersionId));
		if (!version) continue;
		const lang = contentLanguage(version, enrolment.language, getLocale());
		const view = version.rendered[lang]!;
		const outline = outlineOf(view, completed, enrolment.lastLessonId);
		enrolled.push({
			courseId: enrolment.courseId,
			slug,
			lang,
			title: view.title,
			workloadUe: version.content.workloadUe,
			enrolled: true,
			started: !!enrolment.lastLessonId,
			completedAt: enrolment.completedAt?.toISOString() ?? null,
			done: outline.done,
			total: outline.total,
			percent: outline.percent,
			continueId: outline.continueId,
			continueTitle: outline.continueTitle,
			dueDate: null,
			overdue: false
		});
	}
	const own = await certificatesOfUser(db, user.id);
	const renew = await renewalLinks(db, own);
	const certificates = own.map((c) => certificateSummary(c, statusOf(c), renew.get(c.id) ?? null));

	// Assigned courses come first, soonest due first; ones not yet started are shown from the live version.
	const today = berlinToday();
	const assignedRows = await resolveAssignedCourses(db, { userId: user.id });
	const live = assignedRows.some((a) => !a.enrolledAt) ? new Map((await listLiveVersions(db)).map((v) => [v.courseId, v])) : new Map<string, CachedVersion>();
	const assigned: LearnCard[] = [];
	for (const a of assignedRows) {
		const due = { dueDate: a.dueDate, overdue: isOverdue(a.dueDate, !!a.completedAt, today) };
		const mine = enrolled.find((e) => e.courseId === a.courseId);
		if (mine) {
			assigned.push({ ...mine, ...due });
			continue;
		}
		const version = live.get(a.courseId);
		if (!version) continue;
		const lang = contentLanguage(version, null, getLocale());
		const view = version.rendered[lang]!;
		assigned.push({
			courseId: a.courseId,
			slug: version.content.slug,
			lang,
			title: view.title,
			workloadUe: version.content.workloadUe,
			enrolled: false,
			started: false,
			completedAt: null,
			done: 0,
			total: view.lessons.length,
			percent: 0,
			continueId: null,
			continueTitle: null,
			...due
		});
	}
	assigned.sort((x, y) => Number(!!x.completedAt) - Number(!!y.completedAt) || (x.dueDate ?? '9999').localeCompare(y.dueDate ?? '9999'));
	const assignedIds = new Set(assigned.map((a) => a.courseId));
	return { title: m.learn_title(), assigned, courses: enrolled.filter((e) => !assignedIds.has(e.courseId)), certificates };
};
