import { mean, sd } from './descriptive';
import { noncentralTCdf, tQuantile } from './distributions';

export interface PairedResult {
	n: number;
	pre: { mean: number; sd: number | null };
	post: { mean: number; sd: number | null };
	/** Mean of post − pre, its SD and the 95 % t interval of the mean difference. */
	diff: { mean: number; sd: number | null; ci: [number, number] | null };
	/** t statistic of the paired t test (null when the differences have no variance). */
	t: number | null;
	/** Cohen's d_z = mean difference / SD of the differences. */
	dz: number | null;
	/** 95 % CI of d_z by inverting the noncentral t distribution (exact under normality). */
	dzCi: [number, number] | null;
}

/**
 * Pre/post comparison of paired values (same learner at both times; unpaired values must be dropped by
 * the caller). d_z is the standardised mean of the differences; its interval is found as the noncentrality
 * parameters λ for which the observed t is the 97.5 % and 2.5 % point of t(n − 1, λ), divided by √n
 * (Steiger & Fouladi 1997; what MBESS::ci.sm and scipy's nct give).
 */
export function pairedComparison(pre: readonly number[], post: readonly number[], level = 0.95): PairedResult | null {
	if (pre.length !== post.length) throw new Error('paired samples must have the same length');
	const n = pre.length;
	if (n < 1) return null;
	const diffs = post.map((p, i) => p - pre[i]!);
	const md = mean(diffs)!;
	const sdd = sd(diffs);
	const alpha = 1 - level;
	let t: number | null = null;
	let dz: number | null = null;
	let dzCi: [number, number] | null = null;
	let ci: [number, number] | null = null;
	if (sdd !== null && sdd > 0) {
		const se = sdd / Math.sqrt(n);
		t = md / se;
		dz = md / sdd;
		const q = tQuantile(1 - alpha / 2, n - 1);
		ci = [md - q * se, md + q * se];
		dzCi = dzInterval(t, n, level);
	}
	return {
		n,
		pre: { mean: mean(pre)!, sd: sd(pre) },
		post: { mean: mean(post)!, sd: sd(post) },
		diff: { mean: md, sd: sdd, ci },
		t,
		dz,
		dzCi
	};
}

/** Noncentrality interval for an observed t with n pairs, scaled to d_z. */
export function dzInterval(t: number, n: number, level = 0.95): [number, number] {
	const df = n - 1;
	const alpha = 1 - level;
	const lower = solveNcp(t, df, 1 - alpha / 2);
	const upper = solveNcp(t, df, alpha / 2);
	return [lower / Math.sqrt(n), upper / Math.sqrt(n)];
}

/** The λ with P(T ≤ t; df, λ) = target. The CDF falls as λ grows, so bisection on a widening bracket works. */
function solveNcp(t: number, df: number, target: number): number {
	const f = (ncp: number) => noncentralTCdf(t, df, ncp) - target;
	let width = 2 + Math.abs(t);
	let lo = t - width;
	let hi = t + width;
	while (f(lo) < 0) lo -= (width *= 2);
	while (f(hi) > 0) hi += (width *= 2);
	for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
		const mid = (lo + hi) / 2;
		if (f(mid) > 0) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}
