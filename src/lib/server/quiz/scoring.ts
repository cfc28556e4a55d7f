/**
 * Scoring, one pure function per item type. Runs only on the server: the browser never gets what is
 * correct before the learner has submitted. Points are rounded to two decimals (half up) once, at the end.
 */
import type { Incident, Quiz } from '../courses/model';

export type Response =
	| { type: 'single'; choice: string | null }
	| { type: 'multiple'; choices: string[] }
	| { type: 'true-false'; value: boolean | null }
	| { type: 'matching'; matches: Record<string, string | null> }
	| { type: 'ordering'; order: string[] }
	| { type: 'cloze'; gaps: Record<string, string> }
	| { type: 'incident'; choice: string | null; ratings?: Record<string, number | null> };

export interface ItemScore {
	score: number;
	max: number;
	/** Full marks. */
	correct: boolean;
	/** Per option / pair / position / gap: right or not (for feedback on the learner's own answer). */
	parts?: Record<string, boolean>;
}

export const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

const result = (points: number, share: number, parts?: Record<string, boolean>): ItemScore => ({
	score: round2(points * Math.max(0, Math.min(1, share))),
	max: points,
	correct: share >= 1,
	...(parts ? { parts } : {})
});

export function scoreSingle(item: Extract<Quiz, { type: 'single' }>, r: { choice: string | null }): ItemScore {
	const right = item.options.find((o) => o.correct)!.id;
	return result(item.points, r.choice === right ? 1 : 0);
}

/**
 * Multiple choice. All-or-nothing: exactly the correct set. Partial credit: (correctly chosen − wrongly
 * chosen) / number of correct options, never below zero — so choosing everything does not pay.
 */
export function scoreMultiple(
	item: Extract<Quiz, { type: 'multiple' }>,
	r: { choices: string[] },
	mode: 'all_or_nothing' | 'partial'
): ItemScore {
	const chosen = new Set(r.choices);
	const parts = Object.fromEntries(item.options.map((o) => [o.id, chosen.has(o.id) === o.correct]));
	const correctIds = item.options.filter((o) => o.correct).map((o) => o.id);
	const hits = correctIds.filter((id) => chosen.has(id)).length;
	const misses = [...chosen].filter((id) => !correctIds.includes(id)).length;
	const exact = hits === correctIds.length && misses === 0;
	if (mode === 'all_or_nothing') return result(item.points, exact ? 1 : 0, parts);
	return { ...result(item.points, (hits - misses) / correctIds.length, parts), correct: exact };
}

export function scoreTrueFalse(item: Extract<Quiz, { type: 'true-false' }>, r: { value: boolean | null }): ItemScore {
	return result(item.points, r.value === item.answer ? 1 : 0);
}

/** Matching: share of left sides given their own right side (a right side equal in text counts too). */
export function scoreMatching(item: Extract<Quiz, { type: 'matching' }>, r: { matches: Record<string, string | null> }): ItemScore {
	const rightOf = new Map(item.pairs.map((p) => [p.id, p.right.trim().toLowerCase()]));
	const parts: Record<string, boolean> = {};
	for (const p of item.pairs) {
		const chosen = r.matches[p.id];
		parts[p.id] = !!chosen && rightOf.get(chosen) === rightOf.get(p.id);
	}
	const right = Object.values(parts).filter(Boolean).length;
	return result(item.points, right / item.pairs.length, parts);
}

/** Ordering: share of items in their correct position. */
export function scoreOrdering(item: Extract<Quiz, { type: 'ordering' }>, r: { order: string[] }): ItemScore {
	const parts: Record<string, boolean> = {};
	item.items.forEach((it, i) => (parts[it.id] = r.order[i] === it.id));
	const right = Object.values(parts).filter(Boolean).length;
	return result(item.points, right / item.items.length, parts);
}

/** Cloze answers compare after trimming, collapsing inner whitespace and Unicode normalisation (NFC). */
export function normaliseGap(s: string, caseSensitive: boolean): string {
	const t = s.normalize('NFC').trim().replace(/\s+/g, ' ');
	return caseSensitive ? t : t.toLocaleLowerCase('de');
}

export function scoreCloze(item: Extract<Quiz, { type: 'cloze' }>, r: { gaps: Record<string, string> }): ItemScore {
	const parts: Record<string, boolean> = {};
	for (const [gap, accepted] of Object.entries(item.gaps)) {
		const given = normaliseGap(r.gaps[gap] ?? '', item.caseSensitive);
		parts[gap] = given !== '' && accepted.some((a) => normaliseGap(a, item.caseSensitive) === given);
	}
	const right = Object.values(parts).filter(Boolean).length;
	return result(item.points, right / Object.keys(item.gaps).length, parts);
}

/**
 * Critical incident: the expert rating of the chosen option. With `rate_each`, half of the points come from
 * the choice and half from how close the learner's ratings are to the experts' (mean absolute distance;
 * a missing rating counts as the largest distance).
 */
export function scoreIncident(item: Incident, r: { choice: string | null; ratings?: Record<string, number | null> }): ItemScore {
	const chosen = item.options.find((o) => o.id === r.choice);
	const choiceShare = chosen ? chosen.rating / item.points : 0;
	const best = !!chosen && chosen.rating === item.points;
	if (!item.rateEach) return { ...result(item.points, choiceShare), correct: best };
	const distance =
		item.options.reduce((sum, o) => {
			const given = r.ratings?.[o.id];
			return sum + (given === null || given === undefined ? item.points : Math.abs(given - o.rating));
		}, 0) / item.options.length;
	const ratingShare = 1 - distance / item.points;
	return { ...result(item.points, (choiceShare + ratingShare) / 2), correct: best };
}

export function scoreItem(item: Quiz | Incident, r: Response, multipleScoring: 'all_or_nothing' | 'partial'): ItemScore {
	if (item.kind === 'incident') return scoreIncident(item, r.type === 'incident' ? r : { choice: null });
	switch (item.type) {
		case 'single':
			return scoreSingle(item, r.type === 'single' ? r : { choice: null });
		case 'multiple':
			return scoreMultiple(item, r.type === 'multiple' ? r : { choices: [] }, multipleScoring);
		case 'true-false':
			return scoreTrueFalse(item, r.type === 'true-false' ? r : { value: null });
		case 'matching':
			return scoreMatching(item, r.type === 'matching' ? r : { matches: {} });
		case 'ordering':
			return scoreOrdering(item, r.type === 'ordering' ? r : { order: [] });
		case 'cloze':
			return scoreCloze(item, r.type === 'cloze' ? r : { gaps: {} });
	}
}

/** The response in xAPI notation (1.0.3 §2.4.4.1.1): `a[,]c`, `true`, `x[.]y[,]…`, `b[,]a[,]c`, `word[,]word`. */
export function responseString(r: Response): string {
	switch (r.type) {
		case 'single':
		case 'incident':
			return r.choice ?? '';
		case 'multiple':
			return [...r.choices].sort().join('[,]');
		case 'true-false':
			return r.value === null ? '' : String(r.value);
		case 'matching':
			return Object.entries(r.matches)
				.filter(([, v]) => v)
				.map(([k, v]) => `${k}[.]${v}`)
				.join('[,]');
		case 'ordering':
			return r.order.join('[,]');
		case 'cloze':
			return Object.values(r.gaps).map((g) => g.trim()).join('[,]');
	}
}

/**
 * An attempt's total and, for assessments, whether it passed (mastery = the course's passing share, all
 * points when none is set). Shared by stored attempts and the trainer's preview, which stores nothing.
 */
export function attemptOutcome(answers: readonly { score: number; maxScore: number }[], assessment: boolean, passingScore: number | undefined) {
	const score = round2(answers.reduce((s, a) => s + a.score, 0));
	const maxScore = round2(answers.reduce((s, a) => s + a.maxScore, 0));
	const mastery = passingScore ?? 1;
	const passed = assessment ? maxScore > 0 && score / maxScore >= mastery - 1e-9 : null;
	return { score, maxScore, mastery, passed };
}
