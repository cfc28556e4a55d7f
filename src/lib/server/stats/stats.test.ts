import { describe, expect, it } from 'vitest';
import { mean, median, medianIqr, pearson, quantile, sd, sum, variance } from './descriptive';
import { normalCdf, tCdf } from './distributions';
import { dzInterval, pairedComparison } from './effect';
import { cronbachAlpha, distractors, itemAnalysis } from './items';

// Every expected value here is worked out by hand in the comment next to it.
describe('descriptive statistics', () => {
	const xs = [2, 4, 4, 4, 5, 5, 7, 9];

	it('computes the mean and the sample SD with n − 1', () => {
		expect(mean(xs)).toBe(5); // 40 / 8
		expect(variance(xs)).toBeCloseTo(32 / 7, 12); // squared deviations 9+1+1+1+0+0+4+16 = 32
		expect(sd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
	});

	it('answers null where a figure does not exist', () => {
		expect(mean([])).toBeNull();
		expect(sd([3])).toBeNull();
		expect(median([])).toBeNull();
		expect(medianIqr([])).toBeNull();
		expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
	});

	it('interpolates quantiles linearly between order statistics (type 7)', () => {
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75); // h = 3 · 0.25 = 0.75 → 1 + 0.75 · (2 − 1)
		expect(medianIqr([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, q1: 1.75, q3: 3.25, iqr: 1.5 });
		expect(medianIqr([7])).toEqual({ n: 1, median: 7, q1: 7, q3: 7, iqr: 0 });
	});

	it('sums without losing small terms next to a large one', () => {
		expect(sum([1e16, 1, -1e16])).toBe(1);
	});

	it('correlates', () => {
		// dx = ±.5, dy = 1, 0, 0, −1 → sxy = 1, sxx = 1, syy = 2
		expect(pearson([1, 1, 0, 0], [2, 1, 1, 0])).toBeCloseTo(1 / Math.SQRT2, 12);
	});
});

describe('distribution functions', () => {
	it('matches tabled normal and t values', () => {
		expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
		expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
		expect(tCdf(2.262157162740992, 9)).toBeCloseTo(0.975, 10); // t(9) 97.5 % point
		expect(tCdf(0, 4)).toBe(0.5);
	});
});

describe('paired comparison', () => {
	// Differences 1, 2, 0, 2, 1: mean 1.2, squared deviations .04+.64+1.44+.64+.04 = 2.8, SD √(2.8/4) = √0.7.
	const r = pairedComparison([3, 4, 5, 4, 3], [4, 6, 5, 6, 4])!;

	it('gives the mean difference, its SD, t and d_z', () => {
		expect(r.n).toBe(5);
		expect(r.pre.mean).toBeCloseTo(3.8, 12);
		expect(r.post.mean).toBeCloseTo(5, 12);
		expect(r.diff.mean).toBeCloseTo(1.2, 12);
		expect(r.diff.sd).toBeCloseTo(Math.sqrt(0.7), 12);
		expect(r.dz).toBeCloseTo(1.2 / Math.sqrt(0.7), 12);
		expect(r.t).toBeCloseTo((1.2 / Math.sqrt(0.7)) * Math.sqrt(5), 10);
	});

	it('gives the t interval of the difference: 1.2 ± 2.776 · √0.7/√5', () => {
		const half = 2.7764451051977987 * Math.sqrt(0.7 / 5);
		expect(r.diff.ci![0]).toBeCloseTo(1.2 - half, 8);
		expect(r.diff.ci![1]).toBeCloseTo(1.2 + half, 8);
	});

	it('gives the noncentral-t interval of d_z (scipy: nct inverted with brentq → 0.10311, 2.69788)', () => {
		const [lo, hi] = r.dzCi!;
		expect(lo).toBeCloseTo(0.10311345175079081, 6);
		expect(hi).toBeCloseTo(2.6978802172382714, 6);
	});

	it('stays finite for 10 000 pairs, where it falls back to the normal approximation of the noncentral t', () => {
		// d_z = 0.5, n = 10 000 → t = 50; large-sample SE √(1/n + d²/2n) = 0.01061, so about 0.5 ± 0.0208.
		const [lo, hi] = dzInterval(50, 10_000);
		expect(lo).toBeCloseTo(0.4792, 3);
		expect(hi).toBeCloseTo(0.5208, 3);
	});

	it('has no effect size when all differences are equal, and refuses unpaired input', () => {
		const same = pairedComparison([1, 2, 3], [2, 3, 4])!;
		expect(same.diff.mean).toBe(1);
		expect(same.dz).toBeNull();
		expect(same.dzCi).toBeNull();
		expect(() => pairedComparison([1, 2], [1])).toThrow();
		expect(pairedComparison([], [])).toBeNull();
	});
});

describe('item analysis', () => {
	// Item variances 1/3, 1/4, 1/4 (sum 5/6); totals 3, 2, 1, 0 with variance 5/3 → α = 3/2 · (1 − ½) = 0.75.
	const m = [
		[1, 1, 1],
		[1, 0, 1],
		[0, 0, 1],
		[0, 0, 0]
	];

	it("computes Cronbach's α", () => {
		expect(cronbachAlpha(m).alpha).toBeCloseTo(0.75, 12);
		expect(cronbachAlpha([[1, 2]]).alpha).toBeNull();
	});

	it('drops incomplete rows for α and discrimination but not for difficulty', () => {
		const withGap = [...m, [1, null, 0]];
		expect(cronbachAlpha(withGap)).toEqual({ alpha: cronbachAlpha(m).alpha, n: 4, items: 3 });
		const a = itemAnalysis(withGap, [1, 1, 1]);
		expect(a[0]!.p).toBeCloseTo(3 / 5, 12);
		expect(a[0]!.n).toBe(5);
		expect(a[1]!.n).toBe(4);
		expect(a[0]!.discrimination).toBeCloseTo(1 / Math.SQRT2, 12);
	});

	it('gives difficulty as the share of the maximum and the corrected item-total correlation', () => {
		const a = itemAnalysis(m, [1, 1, 1]);
		expect(a.map((x) => x.p)).toEqual([0.5, 0.25, 0.75]);
		// Item 1 against the rest (2, 1, 1, 0): r = 1/√2 (see pearson above).
		expect(a[0]!.discrimination).toBeCloseTo(1 / Math.SQRT2, 12);
		expect(itemAnalysis([[2], [1]], [2])[0]!).toEqual({ n: 2, p: 0.75, discrimination: null });
	});

	it('counts option choices overall and in the upper and lower 27 %', () => {
		// 10 learners → groups of round(2.7) = 3; totals descending by index, ties by order.
		const totals = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
		const choices = ['a', 'a', 'b', 'a', 'c', 'b', 'b', 'c', 'c', null];
		expect(distractors(['a', 'b', 'c'], choices, totals)).toEqual({
			groupSize: 3,
			options: [
				{ option: 'a', all: 3, upper: 2, lower: 0 },
				{ option: 'b', all: 3, upper: 1, lower: 0 },
				{ option: 'c', all: 3, upper: 0, lower: 2 }
			]
		});
	});
});
