import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db';
import type { CourseVariant } from '../courses/model';
import { suppressFunnel, type Shown } from '../stats/suppress';
import { filterSql, FROM_ENROLMENTS } from './filters';
import type { Scope } from './overview';

export interface LessonTime {
	lessonId: string;
	title: string;
	/** Enrolments that opened / completed the lesson (funnel-suppressed in course order). */
	reached: Shown;
	completed: Shown;
	/** Minutes from first opening to completing the lesson: median and quartiles, from k completions on. */
	minutes: { n: number; median: number; q1: number; q3: number } | null;
}

/**
 * Time and drop-off per lesson from the progress table. The time is first opening → completion of the
 * lesson, which includes pauses: an upper bound of active time. (Active durations from the xAPI
 * statements replace it once the LRS stores them.) Quartiles are percentile_cont, i.e. type 7.
 */
export async function lessonTimes(db: DbOrTx, s: Scope, variant: CourseVariant): Promise<LessonTime[]> {
	const rows = await queryRows<{ lesson_id: string; reached: number; completed: number; q: number[] | string | null }>(
		db,
		sql`select lp.lesson_id, count(*)::int as reached, count(lp.completed_at)::int as completed,
				percentile_cont(array[0.25, 0.5, 0.75]) within group (order by extract(epoch from lp.completed_at - lp.opened_at) / 60)
					filter (where lp.completed_at is not null) as q
			from lesson_progress lp join ${FROM_ENROLMENTS} on e.id = lp.enrolment_id
			where ${filterSql(s.filter, s.orgs)} group by lp.lesson_id`
	);
	const byId = new Map(rows.map((r) => [r.lesson_id, r]));
	const ordered = variant.lessons.map((l) => ({ lesson: l, row: byId.get(l.id) }));
	const reached = suppressFunnel(ordered.map((x) => Number(x.row?.reached ?? 0)), s.k);
	const completed = suppressFunnel(ordered.map((x) => Number(x.row?.completed ?? 0)), s.k);
	return ordered.map(({ lesson, row }, i) => {
		const n = Number(row?.completed ?? 0);
		const q = parseArray(row?.q ?? null);
		return {
			lessonId: lesson.id,
			title: lesson.title,
			reached: reached[i] ?? null,
			completed: completed[i] ?? null,
			minutes: n >= s.k && q ? { n, q1: q[0]!, median: q[1]!, q3: q[2]! } : null
		};
	});
}

/** postgres.js returns float8[] as an array, PGlite too; a text form `{1,2,3}` is handled for safety. */
function parseArray(v: number[] | string | null): number[] | null {
	if (v === null) return null;
	if (Array.isArray(v)) return v.map(Number);
	return v.replace(/[{}]/g, '').split(',').map(Number);
}
