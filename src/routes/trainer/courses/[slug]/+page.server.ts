import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { orgScope, requireRole } from '$lib/server/auth/guards';
import { findCertificates, registerRow } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';
import { courseForLearner } from '$lib/server/learning/course-access';
import { itemStatistics, MIN_LEARNERS } from '$lib/server/quiz/stats';
import { lessonItems } from '$lib/server/courses/model';
import { draftFiles, findEditableDraft, mayViewCohort } from '$lib/server/authoring';
import { cohortFigures, EASY_ABOVE, HARD_BELOW, itemFlags, locateItem, type ItemFlag } from '$lib/server/authoring/cohort-flags';

// Trainers see how items work across all learners, never a person's answers; small groups stay hidden.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const user = requireRole(locals, 'trainer', url);
	const db = getDb();
	const c = await courseForLearner(db, params.slug, null, getLocale());
	// Another organisation's course is not the trainer's to follow: answered as if it did not exist.
	if (!(await mayViewCohort(db, user, c.courseId))) error(404, 'not found');
	const stats = await itemStatistics(db, c.courseId, c.variant.model);
	const cohort = await cohortFigures(db, c.courseId, c.variant.model);
	const view = c.variant.view;
	// Trainers manage the certificates their organisations issued for this course (revocation on the certificate page).
	const certificates = await findCertificates(db, { courseId: c.courseId, issuerOrgIds: orgScope(user, 'trainer') });
	// Flags link into the editor for those who may edit this course's draft.
	const models = new Map(c.variant.model.lessons.flatMap((l) => lessonItems(l)).map((i) => [i.id, i]));
	const draft = await findEditableDraft(db, user, c.courseId);
	const files = draft ? await draftFiles(db, draft.courseId) : undefined;
	const pct = (share: number) => `${Math.round(share * 100)} %`;
	const dec = (v: number) => new Intl.NumberFormat(getLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
	const flagText = (id: string, f: ItemFlag) => {
		if (f.kind === 'hard') return m.trainer_flag_hard({ p: dec(f.p), limit: dec(HARD_BELOW) });
		if (f.kind === 'easy') return m.trainer_flag_easy({ p: dec(f.p), limit: dec(EASY_ABOVE) });
		if (f.kind === 'negative_discrimination') return m.trainer_flag_discrimination({ r: dec(f.r) });
		const item = models.get(id);
		const option = item?.kind === 'incident' ? (item.options.find((o) => o.id === f.optionId)?.text ?? f.optionId) : f.optionId;
		return m.trainer_flag_incident({ share: pct(f.share), option });
	};
	const editLink = (id: string) => {
		const at = files && draft ? locateItem(files, id) : undefined;
		return at ? `/trainer/authoring/${draft!.courseId}/edit/${at.file}?line=${at.line}&column=1` : null;
	};
	return {
		certificates: certificates.map((x) => registerRow(x)),
		title: m.trainer_items_title({ course: view.title }),
		lang: c.lang,
		courseTitle: view.title,
		minLearners: MIN_LEARNERS,
		k: cohort.k,
		funnel: cohort.funnel.steps,
		thresholds: { hard: dec(HARD_BELOW), easy: dec(EASY_ABOVE) },
		lessons: view.lessons
			.filter((l) => l.itemIds.length)
			.map((l) => ({
				id: l.id,
				title: l.title,
				items: l.itemIds.map((id) => {
					const v = view.items.get(id)!.view;
					const s = stats.find((x) => x.itemId === id)!;
					const row = cohort.items.get(id);
					return {
						id,
						kind: v.kind,
						promptHtml: v.promptHtml,
						answered: s.answered,
						fullMarks: s.fullMarks,
						p: row?.p !== null && row?.p !== undefined ? dec(row.p) : null,
						r: row?.discrimination !== null && row?.discrimination !== undefined ? dec(row.discrimination) : null,
						flags: models.has(id) && row ? itemFlags(models.get(id)!, row).map((f) => flagText(id, f)) : [],
						edit: editLink(id),
						options: s.options?.map((o) => ({
							...o,
							html: v.options?.find((x) => x.id === o.id)?.html ?? (o.id === 'true' ? m.quiz_true() : o.id === 'false' ? m.quiz_false() : o.id)
						})) ?? null
					};
				})
			}))
	};
};
