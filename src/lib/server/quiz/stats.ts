import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db';
import { lessonItems, type CourseVariant, type ScoredItem } from '../courses/model';
import type { Response } from './scoring';

/** Below this many learners an item's figures are withheld: small groups would point at persons (k-anonymity). */
export const MIN_LEARNERS = 5;

export interface ItemStats {
	itemId: string;
	lessonId: string;
	/** null when fewer than MIN_LEARNERS answered (the exact small count is not shown either). */
	answered: number | null;
	/** Share 0..1 of learners choosing each option (choice items, incidents, true/false), else null. */
	options: { id: string; share: number }[] | null;
	/** Share 0..1 of learners with full marks. */
	fullMarks: number | null;
}

/**
 * Per item of a course: how many learners answered and the share choosing each option, counting every
 * learner once with their latest answer. Self-assessments are not items and never appear here.
 */
export async function itemStatistics(db: DbOrTx, courseId: string, variant: CourseVariant): Promise<ItemStats[]> {
	const rows = await queryRows<{ item_id: string; response: Response; correct: boolean }>(
		db,
		sql`select distinct on (t.enrolment_id, aa.item_id) aa.item_id, aa.response, aa.correct
			from attempt_answers aa
			join attempts t on t.id = aa.attempt_id
			join enrolments e on e.id = t.enrolment_id
			where e.course_id = ${courseId}
			order by t.enrolment_id, aa.item_id, aa.answered_at desc`
	);
	const out: ItemStats[] = [];
	for (const lesson of variant.lessons) {
		for (const item of lessonItems(lesson)) {
			const answers = rows.filter((r) => r.item_id === item.id);
			const n = answers.length;
			if (n < MIN_LEARNERS) {
				out.push({ itemId: item.id, lessonId: lesson.id, answered: null, options: null, fullMarks: null });
				continue;
			}
			out.push({
				itemId: item.id,
				lessonId: lesson.id,
				answered: n,
				options: optionShares(item, answers.map((a) => (typeof a.response === 'string' ? JSON.parse(a.response) : a.response) as Response)),
				fullMarks: answers.filter((a) => a.correct).length / n
			});
		}
	}
	return out;
}

function optionShares(item: ScoredItem, responses: Response[]): { id: string; share: number }[] | null {
	const ids =
		item.kind === 'incident' || item.type === 'single' || item.type === 'multiple'
			? item.options.map((o) => o.id)
			: item.type === 'true-false'
				? ['true', 'false']
				: null;
	if (!ids) return null;
	const chose = (r: Response, id: string) =>
		r.type === 'single' || r.type === 'incident' ? r.choice === id : r.type === 'multiple' ? r.choices.includes(id) : r.type === 'true-false' ? String(r.value) === id : false;
	return ids.map((id) => ({ id, share: responses.filter((r) => chose(r, id)).length / responses.length }));
}
