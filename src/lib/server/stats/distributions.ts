/**
 * The few distribution functions the effect-size intervals need, written out so no numerics library is
 * pulled into the server: log-gamma (Lanczos), the regularised incomplete beta (Lentz continued fraction),
 * the normal CDF via the regularised incomplete gamma, and the noncentral t CDF (Lenth 1989, AS 243, as
 * in R's pnt). Accuracy is checked against scipy in the reference fixture (tests/fixtures/stats).
 */

const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
	12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

export function lgamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
	x -= 1;
	let a = LANCZOS[0]!;
	const t = x + 7.5;
	for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x). */
function gammaP(a: number, x: number): number {
	if (x <= 0) return 0;
	const lnPre = a * Math.log(x) - x - lgamma(a);
	if (x < a + 1) {
		let term = 1 / a;
		let s = term;
		for (let n = 1; n < 1000; n++) {
			term *= x / (a + n);
			s += term;
			if (Math.abs(term) < Math.abs(s) * 1e-16) break;
		}
		return s * Math.exp(lnPre);
	}
	return 1 - gammaQcf(a, x, lnPre);
}

/** Upper incomplete gamma Q(a, x) by continued fraction (x ≥ a + 1). */
function gammaQcf(a: number, x: number, lnPre: number): number {
	const tiny = 1e-300;
	let b = x + 1 - a;
	let c = 1 / tiny;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i < 1000; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < tiny) d = tiny;
		c = b + an / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 1e-16) break;
	}
	return Math.exp(lnPre) * h;
}

/** Standard normal CDF, accurate in both tails (erfc through the incomplete gamma). */
export function normalCdf(z: number): number {
	const x = (z * z) / 2;
	if (z === 0) return 0.5;
	const lnPre = 0.5 * Math.log(x) - x - lgamma(0.5);
	const upper = x < 1.5 ? 1 - gammaP(0.5, x) : gammaQcf(0.5, x, lnPre);
	return z > 0 ? 1 - upper / 2 : upper / 2;
}

function betaCf(a: number, b: number, x: number): number {
	const tiny = 1e-300;
	let c = 1;
	let d = 1 - ((a + b) * x) / (a + 1);
	if (Math.abs(d) < tiny) d = tiny;
	d = 1 / d;
	let h = d;
	for (let m = 1; m < 3000; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < 1e-16) break;
	}
	return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
	if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaCf(a, b, x)) / a;
	return 1 - (Math.exp(lnFront) * betaCf(b, a, 1 - x)) / b;
}

/** Central t CDF. */
export function tCdf(t: number, df: number): number {
	const x = df / (df + t * t);
	const tail = 0.5 * incompleteBeta(x, df / 2, 0.5);
	return t > 0 ? 1 - tail : tail;
}

/**
 * Noncentral t CDF P(T ≤ t; df, ncp), AS 243 (Lenth 1989) as R implements it, including R's normal
 * approximation where the Poisson weights underflow (ncp² > ~1416, i.e. very large samples).
 */
export function noncentralTCdf(t: number, df: number, ncp: number): number {
	if (ncp === 0) return tCdf(t, df);
	const negdel = t < 0;
	const tt = negdel ? -t : t;
	const del = negdel ? -ncp : ncp;
	if (df > 4e5 || del * del > 2 * Math.LN2 * 1021) {
		const s = 1 / (4 * df);
		const p = normalCdf((tt * (1 - s) - del) / Math.sqrt(1 + tt * tt * 2 * s));
		return negdel ? 1 - p : p;
	}
	let tnc = 0;
	const x0 = tt * tt;
	if (x0 > 0) {
		const x = x0 / (x0 + df);
		const lambda = del * del;
		let p = 0.5 * Math.exp(-0.5 * lambda);
		let q = Math.sqrt(2 / Math.PI) * p * del;
		let s = 0.5 - p;
		if (s < 1e-7) s = -0.5 * Math.expm1(-0.5 * lambda);
		let a = 0.5;
		const b = 0.5 * df;
		const rxb = Math.pow(df / (x0 + df), b);
		const albeta = lgamma(0.5) + lgamma(b) - lgamma(0.5 + b);
		let xodd = incompleteBeta(x, a, b);
		let godd = 2 * rxb * Math.exp(a * Math.log(x) - albeta);
		const bx = b * x;
		let xeven = bx < Number.EPSILON ? bx : 1 - rxb;
		let geven = bx * rxb;
		tnc = p * xodd + q * xeven;
		for (let it = 1; it <= 1000; it++) {
			a += 1;
			xodd -= godd;
			xeven -= geven;
			godd *= (x * (a + b - 1)) / a;
			geven *= (x * (a + b - 0.5)) / (a + 0.5);
			p *= lambda / (2 * it);
			q *= lambda / (2 * it + 1);
			tnc += p * xodd + q * xeven;
			s -= p;
			if (s < -1e-10) break;
			if (s <= 0 && it > 1) break;
			if (Math.abs(2 * s * (xodd - godd)) < 1e-12) break;
		}
	}
	tnc += normalCdf(-del);
	const out = negdel ? 1 - tnc : tnc;
	return Math.min(1, Math.max(0, out));
}

/** Central t quantile by bisection on tCdf (used for the CI of a mean difference). */
export function tQuantile(p: number, df: number): number {
	let lo = -1e3;
	let hi = 1e3;
	for (let i = 0; i < 200; i++) {
		const mid = (lo + hi) / 2;
		if (tCdf(mid, df) < p) lo = mid;
		else hi = mid;
		if (hi - lo < 1e-12) break;
	}
	return (lo + hi) / 2;
}
