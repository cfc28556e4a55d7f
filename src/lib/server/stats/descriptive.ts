/**
 * Descriptive statistics on plain number arrays. Conventions (stated because evaluators compare with SPSS/R):
 * SD and variance use n − 1; quantiles use R's type 7 / numpy's default "linear" interpolation. Every
 * function returns null when the figure does not exist for the input (empty, or a single value for an SD).
 */

export function sum(xs: readonly number[]): number {
	// Neumaier summation: a million durations summed naively lose digits that show up in the means.
	let s = 0;
	let c = 0;
	for (const x of xs) {
		const t = s + x;
		c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
		s = t;
	}
	return s + c;
}

export function mean(xs: readonly number[]): number | null {
	return xs.length ? sum(xs) / xs.length : null;
}

/** Sample variance (denominator n − 1), two-pass for accuracy. */
export function variance(xs: readonly number[]): number | null {
	if (xs.length < 2) return null;
	const m = sum(xs) / xs.length;
	return sum(xs.map((x) => (x - m) * (x - m))) / (xs.length - 1);
}

export function sd(xs: readonly number[]): number | null {
	const v = variance(xs);
	return v === null ? null : Math.sqrt(v);
}

/** Quantile p ∈ [0, 1] of already sorted values, type 7 (linear between order statistics). */
export function quantileSorted(sorted: readonly number[], p: number): number | null {
	const n = sorted.length;
	if (!n) return null;
	const h = (n - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, n - 1);
	return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

export function quantile(xs: readonly number[], p: number): number | null {
	return quantileSorted(sorted(xs), p);
}

export function median(xs: readonly number[]): number | null {
	return quantile(xs, 0.5);
}

export interface Spread {
	n: number;
	median: number;
	q1: number;
	q3: number;
	iqr: number;
}

/** Median with first and third quartile (type 7) and their distance. */
export function medianIqr(xs: readonly number[]): Spread | null {
	if (!xs.length) return null;
	const s = sorted(xs);
	const q1 = quantileSorted(s, 0.25)!;
	const q3 = quantileSorted(s, 0.75)!;
	return { n: s.length, median: quantileSorted(s, 0.5)!, q1, q3, iqr: q3 - q1 };
}

/** Pearson correlation; null when fewer than two pairs or either side has no variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
	const n = Math.min(xs.length, ys.length);
	if (n < 2) return null;
	const mx = sum(xs.slice(0, n)) / n;
	const my = sum(ys.slice(0, n)) / n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = xs[i]! - mx;
		const dy = ys[i]! - my;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	if (sxx === 0 || syy === 0) return null;
	return sxy / Math.sqrt(sxx * syy);
}
