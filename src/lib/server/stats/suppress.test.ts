import { describe, expect, it } from 'vitest';
import { effectiveK, guard, suppressFunnel, suppressList, suppressTable } from './suppress';

describe('k-anonymity', () => {
	it('never lets k fall below 5', () => {
		expect(effectiveK(3)).toBe(5);
		expect(effectiveK(undefined)).toBe(5);
		expect(effectiveK(8)).toBe(8);
	});

	it('withholds a small cell and one more in its list, so the total does not give it away', () => {
		// 3 is small; alone it would be 35 − 12 − 20; the smallest other non-zero cell (12) goes with it.
		expect(suppressList([12, 3, 20, 0], 5)).toEqual({ cells: [null, null, 20, 0], total: 35 });
	});

	it('shows zeros and lists without small cells untouched', () => {
		expect(suppressList([0, 7, 9], 5)).toEqual({ cells: [0, 7, 9], total: 16 });
	});

	it('withholds the total when the only other cells are zero', () => {
		expect(suppressList([3, 0], 5)).toEqual({ cells: [null, 0], total: null });
	});

	it('protects every row and column of a cross table, margins included', () => {
		const t = suppressTable(
			[
				[20, 3, 15],
				[10, 12, 30],
				[8, 9, 40]
			],
			5
		);
		// (0,1) = 3 is small. Row 0 takes (0,2)=15? no: smallest non-zero visible is (0,0)=20 vs (0,2)=15 → 15.
		// Column 1 then takes its smallest, (2,1)=9; column 2 has (0,2) hidden, takes (1,2)=30? smallest is 30 vs 40 → 30;
		// row 1 has (1,2) hidden, takes (1,0)=10 … and so on until every relation has 0 or ≥ 2 hidden.
		for (let i = 0; i < 3; i++) {
			const hiddenInRow = [...t.cells[i]!, t.rowTotals[i]].filter((v) => v === null).length;
			expect(hiddenInRow === 0 || hiddenInRow >= 2).toBe(true);
			const hiddenInCol = [...t.cells.map((r) => r[i]), t.colTotals[i]].filter((v) => v === null).length;
			expect(hiddenInCol === 0 || hiddenInCol >= 2).toBe(true);
		}
		expect(t.cells[0]![1]).toBeNull();
		expect(t.cells[0]![2]).toBeNull();
		expect(t.primary).toBe(1);
		expect(t.complementary).toBeGreaterThanOrEqual(3);
		expect(t.total).toBe(147);
	});

	it('cannot be undone by subtraction in any row or column', () => {
		const counts = [
			[6, 2, 9, 0],
			[1, 14, 7, 8],
			[11, 5, 4, 30]
		];
		const t = suppressTable(counts, 5);
		const rows = counts.map((_, i) => [...t.cells[i]!, t.rowTotals[i]]);
		const cols = counts[0]!.map((_, j) => [...t.cells.map((r) => r[j]), t.colTotals[j]]);
		for (const rel of [...rows, ...cols, [...t.colTotals, t.total]]) {
			expect(rel.filter((v) => v === null).length).not.toBe(1);
		}
		// Every small original cell is withheld.
		expect(t.cells[0]![1]).toBeNull();
		expect(t.cells[1]![0]).toBeNull();
		expect(t.cells[2]![2]).toBeNull();
	});

	it('withholds funnel steps that are small or that lose only a few learners', () => {
		expect(suppressFunnel([100, 98, 60, 57], 5)).toEqual([100, null, 60, null]);
		expect(suppressFunnel([40, 30, 3, 0], 5)).toEqual([40, 30, null, 0]);
		expect(suppressFunnel([4, 4, 2, 0], 5)).toEqual([null, null, null, 0]);
	});

	it('guards a statistic by the number of learners behind it', () => {
		expect(guard(4, 5, 3.2)).toBeNull();
		expect(guard(5, 5, 3.2)).toBe(3.2);
	});
});
