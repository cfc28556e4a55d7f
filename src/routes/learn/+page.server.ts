import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { contentLanguage, getVersions } from '$lib/server/courses/cache';
import { listEnrolments, workingVersionId } from '$lib/server/learning/enrolment';
import { outlineOf } from '$lib/server/learning/outline';
import { completedLessonIds } from '$lib/server/learning/progress';
import { certificatesOfUser, statusOf } from '$lib/server/certificates';
import { certificateSummary } from '$lib/server/certificates/summary';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'learner', url);
	const db = getDb();
	const rows = await listEnrolments(db, user.id);
	const versions = await getVersions(db, rows.map((r) => workingVersionId(r.enrolment, r.liveVersionId)));
	const courses = [];
	for (const { enrolment, slug, liveVersionId } of rows) {
		const version = versions.get(workingVersionId(enrolment, liveVersionId));
		if (!version) continue;
		const lang = contentLanguage(version, enrolment.language, getLocale());
		const view = version.rendered[lang]!;
		const outline = outlineOf(view, await completedLessonIds(db, enrolment.id), enrolment.lastLessonId);
		courses.push({
			slug,
			lang,
			title: view.title,
			workloadUe: version.content.workloadUe,
			started: !!enrolment.lastLessonId,
			completedAt: enrolment.completedAt?.toISOString() ?? null,
			done: outline.done,
			total: outline.total,
			percent: outline.percent,
			continueId: outline.continueId,
			continueTitle: outline.continueTitle
		});
	}
	const certificates = (await certificatesOfUser(db, user.id)).map((c) => certificateSummary(c, statusOf(c)));
	return { title: m.learn_title(), courses, certificates };
};
