/**
 * k-anonymity for published counts. A figure resting on 1 … k−1 learners is withheld (primary
 * suppression); then, because a withheld cell alone in a row or column could be recovered as
 * total − visible cells, more cells are withheld (complementary suppression) until every row and
 * column relation — margins included — has none or at least two withheld entries. Complements are the
 * smallest non-zero visible cells (they cost the least information); a margin is withheld only when no
 * inner cell is left. Zero counts are shown: they describe nobody. This is the usual rule of statistical
 * offices for tabular data, not a linear-programming audit; it stops exact recovery by difference.
 */

/** The floor the platform never goes below, whatever an admin configures. */
export const MIN_K = 5;

export const effectiveK = (k: number | null | undefined) => Math.max(MIN_K, Math.floor(k ?? MIN_K));

/** null = withheld ("< k" on screen, empty in exports). */
export type Shown = number | null;

export const isSmall = (n: number, k: number) => n > 0 && n < k;

export interface SuppressedTable {
	cells: Shown[][];
	rowTotals: Shown[];
	colTotals: Shown[];
	total: Shown;
	/** Cells withheld because they are small, and because they would reveal a small one. */
	primary: number;
	complementary: number;
}

/** Rows × columns of counts, with their row, column and grand totals, suppressed together. */
export function suppressTable(counts: readonly (readonly number[])[], k: number): SuppressedTable {
	const R = counts.length;
	const C = counts[0]?.length ?? 0;
	// The table with its margins: row R holds the column totals, column C the row totals.
	const g: number[][] = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
	g.push(Array.from({ length: C + 1 }, (_, j) => g.reduce((a, row) => a + row[j]!, 0)));
	const hiddenGrid = g.map((row) => row.map((v) => isSmall(v, k)));
	const val = (i: number, j: number) => g[i]![j]!;
	const isHidden = (i: number, j: number) => hiddenGrid[i]![j]!;
	const primary = hiddenGrid.flat().filter(Boolean).length;

	// Each relation: the inner positions and the margin they add up to.
	type Pos = [number, number];
	const relations: { inner: Pos[]; margin: Pos }[] = [];
	for (let i = 0; i <= R; i++) relations.push({ inner: Array.from({ length: C }, (_, j) => [i, j] as Pos), margin: [i, C] });
	for (let j = 0; j <= C; j++) relations.push({ inner: Array.from({ length: R }, (_, i) => [i, j] as Pos), margin: [R, j] });

	let complementary = 0;
	for (let changed = true; changed; ) {
		changed = false;
		for (const rel of relations) {
			const all = [...rel.inner, rel.margin];
			if (all.filter(([i, j]) => isHidden(i, j)).length !== 1) continue;
			const visible = rel.inner.filter(([i, j]) => !isHidden(i, j));
			const pick =
				[...visible].filter(([i, j]) => val(i, j) > 0).sort((a, b) => val(...a) - val(...b))[0] ??
				visible[0] ??
				rel.margin;
			hiddenGrid[pick[0]]![pick[1]] = true;
			complementary++;
			changed = true;
		}
	}
	const show = (i: number, j: number): Shown => (isHidden(i, j) ? null : val(i, j));
	return {
		cells: counts.map((row, i) => row.map((_, j) => show(i, j))),
		rowTotals: counts.map((_, i) => show(i, C)),
		colTotals: Array.from({ length: C }, (_, j) => show(R, j)),
		total: show(R, C),
		primary,
		complementary
	};
}

/** One list of counts with its total (a one-row table). */
export function suppressList(counts: readonly number[], k: number): { cells: Shown[]; total: Shown } {
	const t = suppressTable([counts], k);
	return { cells: t.cells[0] ?? [], total: t.rowTotals[0] ?? null };
}

/**
 * A funnel (each step a subset of the one before): a step is withheld when it is small, or when the
 * learners lost since the last shown step are 1 … k−1 — "98 of 100 completed" names the 2 who did not.
 */
export function suppressFunnel(steps: readonly number[], k: number): Shown[] {
	let last: number | null = null;
	return steps.map((n) => {
		const hide = isSmall(n, k) || (last !== null && isSmall(last - n, k));
		if (hide) return null;
		last = n;
		return n;
	});
}

/** A statistic (mean, median, α …) is shown only when it rests on at least k learners. */
export function guard<T>(n: number, k: number, value: T): T | null {
	return n >= k ? value : null;
}
