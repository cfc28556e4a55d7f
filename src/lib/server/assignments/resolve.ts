import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { queryRows } from '../db/sql';

/**
 * One person and one course they are asked to take, with the earliest due date among the assignments that
 * reach them (organisation-wide, their unit, or them by name), and where they stand: enrolled, completed.
 * Resolved at read time, so people who joined after the assignment are included and people who left are not.
 * Deactivated members are left out: they can no longer learn, and reminding them would be pointless.
 */
export interface AssignedCourse {
	userId: string;
	organisationId: string;
	unitId: string | null;
	courseId: string;
	dueDate: string | null;
	enrolledAt: Date | null;
	completedAt: Date | null;
}

type Row = {
	user_id: string;
	organisation_id: string;
	unit_id: string | null;
	course_id: string;
	due_date: string | Date | null;
	enrolled_at: string | Date | null;
	completed_at: string | Date | null;
};

const asDate = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
// postgres.js returns `date` columns as strings, PGlite as Date at UTC midnight.
const asDay = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : v.slice(0, 10));

export async function resolveAssignedCourses(
	db: DbOrTx,
	filter: { organisationId?: string; userId?: string; courseId?: string }
): Promise<AssignedCourse[]> {
	const rows = await queryRows<Row>(
		db,
		sql`
		with reach as (
			select u.id as user_id, u.organisation_id, u.unit_id, a.course_id, min(a.due_date) as due_date
			from assignments a
			join users u on u.organisation_id = a.organisation_id and u.deactivated_at is null
			where (a.scope = 'organisation'
				or (a.scope = 'unit' and a.unit_id = u.unit_id)
				or (a.scope = 'people' and exists (
					select 1 from assignment_people p where p.assignment_id = a.id and p.user_id = u.id)))
				${filter.organisationId ? sql`and a.organisation_id = ${filter.organisationId}` : sql``}
				${filter.userId ? sql`and u.id = ${filter.userId}` : sql``}
				${filter.courseId ? sql`and a.course_id = ${filter.courseId}` : sql``}
			group by u.id, u.organisation_id, u.unit_id, a.course_id
		)
		select r.user_id, r.organisation_id, r.unit_id, r.course_id, r.due_date, e.enrolled_at, e.completed_at
		from reach r
		left join enrolments e on e.user_id = r.user_id and e.course_id = r.course_id
		order by r.due_date nulls last, r.course_id, r.user_id`
	);
	return rows.map((r) => ({
		userId: r.user_id,
		organisationId: r.organisation_id,
		unitId: r.unit_id,
		courseId: r.course_id,
		dueDate: asDay(r.due_date),
		enrolledAt: asDate(r.enrolled_at),
		completedAt: asDate(r.completed_at)
	}));
}
