import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db';
import { BUNDESLAENDER, type Bundesland } from '../../regions';
import { ORG_TYPES } from '../../vocab';
import { suppressFunnel, suppressList, suppressTable, type Shown } from '../stats/suppress';
import { filterSql, FROM_ENROLMENTS, LAND_PREFIX, type EvalFilter } from './filters';

/** Figures over enrolments: the funnel, completions by month, and organisation type × Bundesland. */
export interface Scope {
	filter: EvalFilter;
	/** Organisations the evaluator may see; null = all. */
	orgs: string[] | null;
	k: number;
}

export interface Funnel {
	steps: { key: 'enrolled' | 'started' | 'completed' | 'passed'; n: Shown }[];
}

export async function funnel(db: DbOrTx, s: Scope): Promise<Funnel> {
	const [row] = await queryRows<{ enrolled: number; started: number; completed: number; passed: number }>(
		db,
		sql`select count(*)::int as enrolled,
				count(*) filter (where e.last_active_at is not null
					or exists (select 1 from lesson_progress lp where lp.enrolment_id = e.id))::int as started,
				count(e.completed_at)::int as completed,
				count(e.passed_at)::int as passed
			from ${FROM_ENROLMENTS} where ${filterSql(s.filter, s.orgs)}`
	);
	const raw = [row?.enrolled ?? 0, row?.started ?? 0, row?.completed ?? 0, row?.passed ?? 0].map(Number);
	const shown = suppressFunnel(raw, s.k);
	const keys = ['enrolled', 'started', 'completed', 'passed'] as const;
	return { steps: keys.map((key, i) => ({ key, n: shown[i] ?? null })) };
}

export interface Timeline {
	months: { month: string; enrolled: Shown; completed: Shown }[];
	totals: { enrolled: Shown; completed: Shown };
}

/** Enrolments and completions per calendar month (UTC), each series suppressed with its total. */
export async function completionOverTime(db: DbOrTx, s: Scope): Promise<Timeline> {
	const rows = await queryRows<{ month: string; enrolled: number; completed: number }>(
		db,
		sql`with m as (
				select to_char(date_trunc('month', e.enrolled_at at time zone 'UTC'), 'YYYY-MM') as month, 1 as enrolled, 0 as completed
					from ${FROM_ENROLMENTS} where ${filterSql(s.filter, s.orgs)}
				union all
				select to_char(date_trunc('month', e.completed_at at time zone 'UTC'), 'YYYY-MM'), 0, 1
					from ${FROM_ENROLMENTS} where ${filterSql(s.filter, s.orgs)} and e.completed_at is not null)
			select month, sum(enrolled)::int as enrolled, sum(completed)::int as completed from m group by month order by month`
	);
	const enrolled = suppressList(rows.map((r) => Number(r.enrolled)), s.k);
	const completed = suppressList(rows.map((r) => Number(r.completed)), s.k);
	return {
		months: rows.map((r, i) => ({ month: r.month, enrolled: enrolled.cells[i] ?? null, completed: completed.cells[i] ?? null })),
		totals: { enrolled: enrolled.total, completed: completed.total }
	};
}

export interface CrossTable {
	/** Organisation types in the rows (`none` = learners without organisation), Bundesländer in the columns. */
	rows: string[];
	cols: { code: string; label: string }[];
	enrolled: ReturnType<typeof suppressTable>;
	completed: ReturnType<typeof suppressTable>;
	/** Completion rate per cell, only where both counts are shown. */
	rate: (number | null)[][];
}

const prefixToLand = new Map(Object.entries(LAND_PREFIX).map(([land, p]) => [p, land as Bundesland]));

export async function orgTypeByRegion(db: DbOrTx, s: Scope): Promise<CrossTable> {
	const rows = await queryRows<{ type: string | null; prefix: string | null; enrolled: number; completed: number }>(
		db,
		sql`select o.type, left(o.region_ags, 2) as prefix, count(*)::int as enrolled, count(e.completed_at)::int as completed
			from ${FROM_ENROLMENTS} where ${filterSql(s.filter, s.orgs)} group by 1, 2`
	);
	const types = [...ORG_TYPES, 'none'].filter((t) => rows.some((r) => (r.type ?? 'none') === t));
	const lands = [...new Set(rows.map((r) => (r.prefix ? prefixToLand.get(r.prefix) ?? 'none' : 'none')))].sort();
	const grid = (pick: 'enrolled' | 'completed') =>
		types.map((t) =>
			lands.map((l) =>
				rows
					.filter((r) => (r.type ?? 'none') === t && (r.prefix ? prefixToLand.get(r.prefix) ?? 'none' : 'none') === l)
					.reduce((a, r) => a + Number(r[pick]), 0)
			)
		);
	const enrolled = suppressTable(grid('enrolled'), s.k);
	const completed = suppressTable(grid('completed'), s.k);
	const rate = types.map((_, i) =>
		lands.map((_, j) => {
			const e = enrolled.cells[i]![j];
			const c = completed.cells[i]![j];
			return e && c !== null && c !== undefined ? c / e : null;
		})
	);
	return {
		rows: types,
		cols: lands.map((l) => ({ code: l, label: l === 'none' ? '–' : BUNDESLAENDER[l as Bundesland] })),
		enrolled,
		completed,
		rate
	};
}
