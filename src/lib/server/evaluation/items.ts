import type { DbOrTx } from '../db';
import { lessonItems, type CourseVariant, type ScoredItem } from '../courses/model';
import { itemAnalysis, distractors } from '../stats/items';
import { suppressList, type Shown } from '../stats/suppress';
import { firstAnswersByLesson, type Answer, type LessonAnswers } from './first-answers';
import type { Scope } from './overview';

export interface OptionRow {
	id: string;
	/** The option text, shortened; correct key or the incident's expert rating. */
	label: string;
	correct?: boolean;
	rating?: number;
	all: Shown;
	upper: Shown;
	lower: Shown;
}

export interface ItemRow {
	itemId: string;
	kind: 'quiz' | 'incident';
	type: string;
	prompt: string;
	n: Shown;
	p: number | null;
	discrimination: number | null;
	options: OptionRow[] | null;
	/** Incidents: mean expert rating of the options learners chose (on the item's rating scale). */
	meanRating: number | null;
}

export interface LessonItems {
	lessonId: string;
	title: string;
	assessment: boolean;
	/** Learners with a submitted first attempt; null below k. */
	n: Shown;
	items: ItemRow[];
	/** Group size of the upper and lower 27 % for the distractor columns. */
	groupSize: number | null;
}

const short = (s: string) => {
	const plain = s.replace(/[*_`#>[\]()]/g, '').replace(/\s+/g, ' ').trim();
	return plain.length > 90 ? plain.slice(0, 89) + '…' : plain;
};

/** The option(s) a first answer chose, for single choice, true/false and incidents (multiple: several). */
function chosen(item: ScoredItem, a: Answer): (string | null)[] {
	const [, choice, choices, value] = a;
	if (item.kind === 'incident' || item.type === 'single') return choice !== null ? [choice] : [];
	if (item.type === 'multiple') return choices ?? [];
	if (item.type === 'true-false') return value !== null ? [String(value)] : [];
	return [];
}

function optionsOf(item: ScoredItem): { id: string; label: string; correct?: boolean; rating?: number }[] | null {
	if (item.kind === 'incident') return item.options.map((o) => ({ id: o.id, label: short(o.text), rating: o.rating }));
	if (item.type === 'single' || item.type === 'multiple') return item.options.map((o) => ({ id: o.id, label: short(o.text), correct: o.correct }));
	if (item.type === 'true-false') return [true, false].map((v) => ({ id: String(v), label: String(v), correct: item.answer === v }));
	return null;
}

/**
 * Item analysis per lesson with scored items, on each learner's first submitted attempt (later attempts
 * are shaped by feedback and would make items look easier). Score share per item = score / max.
 */
export async function itemAnalysisByLesson(
	db: DbOrTx,
	s: Scope,
	variant: CourseVariant,
	/** The first answers by lesson; from the precomputed table unless given (tests pass a reference). */
	answers?: Map<string, LessonAnswers>
): Promise<LessonItems[]> {
	const lessons = variant.lessons.map((l) => ({ lesson: l, items: lessonItems(l) })).filter((l) => l.items.length);
	const byLesson = answers ?? (await firstAnswersByLesson(db, s, lessons.map((l) => l.lesson.id)));
	const out: LessonItems[] = [];
	for (const { lesson, items } of lessons) {
		const learners = byLesson.get(lesson.id) ?? [];
		// Items of another version of the course are not columns; their learners still count.
		const responses: (Answer | null)[][] = learners.map((a) => items.map((it) => (Object.hasOwn(a, it.id) ? a[it.id]! : null)));
		const matrix: (number | null)[][] = responses.map((row) => row.map((a) => (a ? a[0] : null)));
		const n = learners.length;
		if (n < s.k) {
			out.push({ lessonId: lesson.id, title: lesson.title, assessment: lesson.assessment, n: null, groupSize: null, items: items.map((it) => emptyRow(it)) });
			continue;
		}
		const analysis = itemAnalysis(matrix, items.map(() => 1));
		const totals = matrix.map((row) => row.reduce<number>((a, v) => a + (v ?? 0), 0));
		let groupSize: number | null = null;
		const rowsOut = items.map((it, j) => {
			const a = analysis[j]!;
			if (a.n < s.k) return emptyRow(it);
			const opts = optionsOf(it);
			let options: OptionRow[] | null = null;
			let meanRating: number | null = null;
			if (opts) {
				const answered = learners.map((_, i) => i).filter((i) => responses[i]![j]);
				const picks = answered.map((i) => chosen(it, responses[i]![j]!));
				const d = distractors(
					opts.map((o) => o.id),
					// One choice per learner for the groups; multiple-choice options are counted one by one below.
					picks.map((p) => (p.length === 1 ? p[0]! : null)),
					answered.map((i) => totals[i]!)
				);
				groupSize = d.groupSize;
				const all = opts.map((o) => picks.filter((p) => p.includes(o.id)).length);
				const shownAll = suppressList(all, s.k).cells;
				const upper = suppressList(d.options.map((x) => x.upper), s.k).cells;
				const lower = suppressList(d.options.map((x) => x.lower), s.k).cells;
				options = opts.map((o, x) => ({
					...o,
					all: shownAll[x] ?? null,
					upper: it.kind === 'quiz' && it.type === 'multiple' ? null : upper[x] ?? null,
					lower: it.kind === 'quiz' && it.type === 'multiple' ? null : lower[x] ?? null
				}));
				if (it.kind === 'incident') {
					const ratings = picks.flatMap((p) => p.map((id) => it.options.find((o) => o.id === id)?.rating ?? null)).filter((r): r is number => r !== null);
					meanRating = ratings.length >= s.k ? ratings.reduce((x, y) => x + y, 0) / ratings.length : null;
				}
			}
			return { ...base(it), n: a.n, p: a.p, discrimination: a.discrimination, options, meanRating };
		});
		out.push({ lessonId: lesson.id, title: lesson.title, assessment: lesson.assessment, n, groupSize, items: rowsOut });
	}
	return out;
}

const base = (it: ScoredItem) => ({
	itemId: it.id,
	kind: it.kind,
	type: it.kind === 'incident' ? 'incident' : it.type,
	prompt: short(it.kind === 'incident' ? it.question : it.prompt)
});

const emptyRow = (it: ScoredItem): ItemRow => ({ ...base(it), n: null, p: null, discrimination: null, options: null, meanRating: null });
