import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mean, medianIqr, sd } from './descriptive';
import { noncentralTCdf } from './distributions';
import { pairedComparison } from './effect';
import { cronbachAlpha, distractors, itemAnalysis } from './items';

/** Values computed with numpy/scipy by tests/fixtures/stats/generate.py on one realistic data set. */
const ref = JSON.parse(fs.readFileSync(new URL('../../../../tests/fixtures/stats/reference.json', import.meta.url), 'utf8'));
const { data, expected: e } = ref;
const rowMean = (r: number[]) => r.reduce((a, b) => a + b, 0) / r.length;

describe('statistics against the scipy reference', () => {
	it('matches durations: mean, SD, median and quartiles', () => {
		expect(mean(data.durations)).toBeCloseTo(e.durations.mean, 9);
		expect(sd(data.durations)).toBeCloseTo(e.durations.sd, 9);
		const s = medianIqr(data.durations)!;
		expect([s.median, s.q1, s.q3]).toEqual([e.durations.median, e.durations.q1, e.durations.q3]);
	});

	it('matches the paired pre/post comparison including the d_z interval', () => {
		const keep = data.hasPost.map((h: boolean, i: number) => (h ? i : -1)).filter((i: number) => i >= 0);
		const pre = keep.map((i: number) => rowMean(data.preItems[i]));
		const post = keep.map((i: number) => rowMean(data.postItems[i]));
		const r = pairedComparison(pre, post)!;
		const p = e.paired;
		expect(r.n).toBe(p.n);
		expect(r.pre.mean).toBeCloseTo(p.preMean, 10);
		expect(r.pre.sd!).toBeCloseTo(p.preSd, 10);
		expect(r.post.sd!).toBeCloseTo(p.postSd, 10);
		expect(r.diff.sd!).toBeCloseTo(p.diffSd, 10);
		expect(r.diff.ci![0]).toBeCloseTo(p.diffCi[0], 8);
		expect(r.diff.ci![1]).toBeCloseTo(p.diffCi[1], 8);
		expect(r.t!).toBeCloseTo(p.t, 9);
		expect(r.dz!).toBeCloseTo(p.dz, 10);
		expect(r.dzCi![0]).toBeCloseTo(p.dzCi[0], 6);
		expect(r.dzCi![1]).toBeCloseTo(p.dzCi[1], 6);
	});

	it('matches the noncentral t CDF at sample points', () => {
		for (const [t, df, ncp, cdf] of e.nct) expect(noncentralTCdf(t, df, ncp)).toBeCloseTo(cdf, 8);
	});

	it("matches Cronbach's α, difficulties and corrected item-total correlations", () => {
		expect(cronbachAlpha(data.preItems).alpha!).toBeCloseTo(e.alphaPre, 10);
		expect(cronbachAlpha(data.quiz).alpha!).toBeCloseTo(e.alphaQuiz, 10);
		const a = itemAnalysis(data.quiz, Array(10).fill(1));
		a.forEach((x, j) => {
			expect(x.p!).toBeCloseTo(e.difficulty[j], 12);
			expect(x.discrimination!).toBeCloseTo(e.discrimination[j], 10);
		});
	});

	it('matches the distractor groups', () => {
		const totals = data.quiz.map((r: number[]) => r.reduce((a, b) => a + b, 0));
		expect(distractors(['a', 'b', 'c', 'd'], data.incident, totals)).toEqual(e.distractors);
	});
});
