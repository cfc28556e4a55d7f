import { pearson, sum, variance } from './descriptive';

/**
 * Classical test theory on a learners × items matrix of scores (one row per learner; null = not
 * answered). Reliability and discrimination use complete rows only (listwise deletion, as SPSS's
 * RELIABILITY does); difficulty uses every answer to the item.
 */
export type ScoreMatrix = readonly (readonly (number | null)[])[];

const complete = (m: ScoreMatrix) => m.filter((row) => row.every((v) => v !== null)) as number[][];

/** Cronbach's α = k/(k−1) · (1 − Σ item variances / variance of the sum). Null below 2 items or 2 complete rows. */
export function cronbachAlpha(m: ScoreMatrix): { alpha: number | null; n: number; items: number } {
	const rows = complete(m);
	const k = m[0]?.length ?? 0;
	if (k < 2 || rows.length < 2) return { alpha: null, n: rows.length, items: k };
	const itemVars = Array.from({ length: k }, (_, j) => variance(rows.map((r) => r[j]!))!);
	const totalVar = variance(rows.map((r) => sum(r)))!;
	if (totalVar === 0) return { alpha: null, n: rows.length, items: k };
	return { alpha: (k / (k - 1)) * (1 - sum(itemVars) / totalVar), n: rows.length, items: k };
}

export interface ItemAnalysis {
	/** Answers to this item. */
	n: number;
	/** Difficulty p: mean score as a share of the item's maximum (proportion correct for 0/1 items). */
	p: number | null;
	/** Corrected item-total correlation: r(item, total of the other items), complete rows only. */
	discrimination: number | null;
}

/** Per column: difficulty and corrected item-total correlation. `max` is each item's maximum score. */
export function itemAnalysis(m: ScoreMatrix, max: readonly number[]): ItemAnalysis[] {
	const rows = complete(m);
	return max.map((mx, j) => {
		const answers = m.map((r) => r[j]).filter((v): v is number => v !== null);
		const p = answers.length && mx > 0 ? sum(answers) / answers.length / mx : null;
		const item = rows.map((r) => r[j]!);
		const rest = rows.map((r) => sum(r) - r[j]!);
		return { n: answers.length, p, discrimination: max.length > 1 ? pearson(item, rest) : null };
	});
}

export interface OptionCounts {
	option: string;
	/** Learners choosing this option. */
	all: number;
	/** …among the upper and lower groups by total score (27 % each, Kelley's rule). */
	upper: number;
	lower: number;
}

/**
 * Distractor analysis: how often each option was chosen overall and in the upper and lower 27 % by
 * total score. A good distractor draws more of the lower group; a key that draws the lower group more
 * points at a flawed item. `choices[i]` is learner i's option (null = none), `totals[i]` their total.
 * Ties at a group's boundary are broken by the order given (callers pass a stable, pseudonymous order).
 */
export function distractors(options: readonly string[], choices: readonly (string | null)[], totals: readonly number[]): {
	groupSize: number;
	options: OptionCounts[];
} {
	const n = choices.length;
	const g = Math.round(n * 0.27);
	const order = choices.map((_, i) => i).sort((a, b) => totals[b]! - totals[a]! || a - b);
	const upper = new Set(order.slice(0, g));
	const lower = new Set(order.slice(n - g));
	return {
		groupSize: g,
		options: options.map((option) => {
			const idx = choices.flatMap((c, i) => (c === option ? [i] : []));
			return {
				option,
				all: idx.length,
				upper: idx.filter((i) => upper.has(i)).length,
				lower: idx.filter((i) => lower.has(i)).length
			};
		})
	};
}
