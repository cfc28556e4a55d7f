import type { Dashboard } from '../dashboard';
import type { Cell } from '../../export/xlsx';

/**
 * The dashboard's figures as flat tables for CSV, XLSX and JSON: the same (already suppressed) numbers as
 * the views, one row per cell in long format so statistics tools read them without reshaping. A withheld
 * figure is an empty cell; the codebook says so. Column names are variable names (codebook.ts).
 */
export interface Table {
	name: string;
	header: string[];
	rows: Cell[][];
}

const r4 = (x: number | null | undefined): Cell => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10_000) / 10_000);

export function dashboardTables(d: Dashboard): Table[] {
	const tables: Table[] = [
		{ name: 'funnel', header: ['step', 'n'], rows: d.funnel.steps.map((s) => [s.key, s.n]) },
		{
			name: 'timeline',
			header: ['month', 'enrolled', 'completed'],
			rows: [...d.timeline.months.map((x) => [x.month, x.enrolled, x.completed]), ['total', d.timeline.totals.enrolled, d.timeline.totals.completed]]
		},
		{ name: 'orgtype_land', header: ['org_type', 'land', 'enrolled', 'completed', 'completion_rate'], rows: crossRows(d) }
	];
	const c = d.course;
	if (!c) return tables;
	if (c.prePost) {
		tables.push({
			name: 'prepost',
			header: ['scale', 'items', 'n', 'pre_mean', 'pre_sd', 'post_mean', 'post_sd', 'diff_mean', 'diff_sd', 'diff_ci_low', 'diff_ci_high', 't', 'd_z', 'd_z_ci_low', 'd_z_ci_high', 'alpha_pre', 'alpha_post'],
			rows: c.prePost.scales.map((s) => {
				const x = s.result;
				return [
					s.scale,
					s.items,
					s.n,
					r4(x?.pre.mean),
					r4(x?.pre.sd),
					r4(x?.post.mean),
					r4(x?.post.sd),
					r4(x?.diff.mean),
					r4(x?.diff.sd),
					r4(x?.diff.ci?.[0]),
					r4(x?.diff.ci?.[1]),
					r4(x?.t),
					r4(x?.dz),
					r4(x?.dzCi?.[0]),
					r4(x?.dzCi?.[1]),
					r4(s.alphaPre),
					r4(s.alphaPost)
				];
			})
		});
	}
	tables.push({
		name: 'items',
		header: ['lesson', 'item', 'kind', 'type', 'n', 'p', 'r_it', 'mean_expert_rating', 'prompt'],
		rows: c.items.flatMap((l) => l.items.map((it) => [l.lessonId, it.itemId, it.kind, it.type, it.n, r4(it.p), r4(it.discrimination), r4(it.meanRating), it.prompt]))
	});
	tables.push({
		name: 'options',
		header: ['lesson', 'item', 'option', 'correct', 'expert_rating', 'chosen', 'chosen_upper', 'chosen_lower', 'label'],
		rows: c.items.flatMap((l) =>
			l.items.flatMap((it) =>
				(it.options ?? []).map((o) => [l.lessonId, it.itemId, o.id, o.correct === undefined ? null : o.correct ? 1 : 0, o.rating ?? null, o.all, o.upper, o.lower, o.label])
			)
		)
	});
	tables.push({
		name: 'lessons',
		header: ['lesson', 'reached', 'completed', 'minutes_n', 'minutes_median', 'minutes_q1', 'minutes_q3', 'title'],
		rows: c.lessons.map((l) => [l.lessonId, l.reached, l.completed, l.minutes?.n ?? null, r4(l.minutes?.median), r4(l.minutes?.q1), r4(l.minutes?.q3), l.title])
	});
	return tables;
}

function crossRows(d: Dashboard): Cell[][] {
	const x = d.cross;
	const rows: Cell[][] = [];
	x.rows.forEach((type, i) => {
		x.cols.forEach((col, j) => rows.push([type, col.code, x.enrolled.cells[i]![j] ?? null, x.completed.cells[i]![j] ?? null, r4(x.rate[i]![j])]));
		rows.push([type, 'total', x.enrolled.rowTotals[i] ?? null, x.completed.rowTotals[i] ?? null, null]);
	});
	x.cols.forEach((col, j) => rows.push(['total', col.code, x.enrolled.colTotals[j] ?? null, x.completed.colTotals[j] ?? null, null]));
	rows.push(['total', 'total', x.enrolled.total, x.completed.total, null]);
	return rows;
}
