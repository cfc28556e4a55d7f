import type { DbOrTx } from '../db';
import type { CourseVariant, ScoredItem } from '../courses/model';
import { minCell } from '../evaluation/dashboard';
import { itemAnalysisByLesson, type ItemRow } from '../evaluation/items';
import { funnel, type Funnel, type Scope } from '../evaluation/overview';

/**
 * Difficulty p (mean share of the item's points in each learner's first attempt, as the evaluation view
 * computes it): below HARD_BELOW an item is flagged as very hard or misleading, above EASY_ABOVE as too
 * easy to tell learners apart.
 */
export const HARD_BELOW = 0.3;
export const EASY_ABOVE = 0.95;

export type ItemFlag =
	| { kind: 'hard'; p: number }
	| { kind: 'easy'; p: number }
	| { kind: 'negative_discrimination'; r: number }
	| { kind: 'incident_disagrees'; optionId: string; share: number };

/**
 * The trainer's view of a course's cohort, from the evaluation module's figures with the installation's
 * k (never below 5): learners per stage and the item analysis of every lesson, both already suppressed.
 */
export async function cohortFigures(db: DbOrTx, courseId: string, variant: CourseVariant): Promise<{ k: number; funnel: Funnel; items: Map<string, ItemRow> }> {
	const k = await minCell(db);
	const scope: Scope = { filter: { courseId }, orgs: null, k };
	const [f, lessons] = await Promise.all([funnel(db, scope), itemAnalysisByLesson(db, scope, variant)]);
	return { k, funnel: f, items: new Map(lessons.flatMap((l) => l.items).map((i) => [i.itemId, i])) };
}

/**
 * What a trainer should look at for one item, from figures that already respect the k rule (nothing is
 * flagged without them): difficulty outside [HARD_BELOW, EASY_ABOVE], a negative corrected item-total
 * correlation (learners who do well elsewhere do worse here), and for incidents a most chosen option
 * (only where its count is shown) that the experts rate below the best.
 */
export function itemFlags(item: ScoredItem, row: ItemRow): ItemFlag[] {
	if (row.n === null || row.p === null) return [];
	const flags: ItemFlag[] = [];
	if (row.p < HARD_BELOW) flags.push({ kind: 'hard', p: row.p });
	if (row.p > EASY_ABOVE) flags.push({ kind: 'easy', p: row.p });
	if (row.discrimination !== null && row.discrimination < 0) flags.push({ kind: 'negative_discrimination', r: row.discrimination });
	if (item.kind === 'incident' && row.options?.length) {
		const best = Math.max(...item.options.map((o) => o.rating));
		const top = [...row.options].filter((o) => o.all !== null).sort((a, b) => b.all! - a.all!)[0];
		if (top?.all && top.rating !== undefined && top.rating < best) flags.push({ kind: 'incident_disagrees', optionId: top.id, share: top.all / row.n });
	}
	return flags;
}

/** Where an item is written in a draft: the lesson file and the line of its `id:`, for a link into the editor. */
export function locateItem(files: Map<string, Uint8Array>, itemId: string): { file: string; line: number } | undefined {
	const pattern = new RegExp(`^\\s*id:\\s*["']?${itemId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`);
	for (const [file, bytes] of files) {
		if (!/^\d\d-[^/]+\.md$/.test(file)) continue;
		const lines = new TextDecoder().decode(bytes).split('\n');
		// After the front matter, whose `id:` is the lesson's own.
		const start = lines[0]?.trim() === '---' ? lines.findIndex((l, n) => n > 0 && l.trim() === '---') + 1 : 0;
		const i = lines.findIndex((l, n) => n >= start && pattern.test(l));
		if (i >= 0) return { file, line: i + 1 };
	}
	return undefined;
}
