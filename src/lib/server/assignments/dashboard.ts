import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { organisationUnits, users } from '../db/schema';
import type { Lang } from '../courses/model';
import { listAssignableCourses } from '.';
import { resolveAssignedCourses } from './resolve';
import { berlinToday, isOverdue } from './dates';
import { getOrganisationSettings } from './settings';
import { certificateStatuses, statusKey, type CertificateStatusRow } from '../certificates';

/**
 * The manager's completion dashboard: "completion visible, performance invisible". It is built from the
 * assignment reach and the enrolment's enrolled/completed dates only — never from attempts, answers, scores,
 * self-assessments, lesson progress or activity times, which this module does not read at all. With the
 * organisation's `countsOnly` setting the per-person list is left out entirely (not just hidden in the page).
 */
export type PersonStatus = 'completed' | 'overdue' | 'started' | 'not_started';

export interface Counts {
	assigned: number;
	started: number;
	completed: number;
	overdue: number;
	/** Certificates of the assigned people for the course: valid now, and expired (renewal due). */
	certificateValid: number;
	certificateExpired: number;
}

/** A certificate's state as the manager sees it; `none` = no certificate (yet). */
export type CertificateState = CertificateStatusRow['status'] | 'none';

export interface DashboardRow extends Counts {
	courseId: string;
	courseTitle: string;
	/** null = people without a unit; the course total row has `total: true`. */
	unitName: string | null;
	total: boolean;
}

export interface DashboardPerson {
	name: string;
	unitName: string | null;
	courseTitle: string;
	dueDate: string | null;
	status: PersonStatus;
	/** The day of completion (a completion record), not a time. */
	completedOn: string | null;
	certificate: CertificateState;
}

export interface Dashboard {
	today: string;
	countsOnly: boolean;
	rows: DashboardRow[];
	people: DashboardPerson[] | null;
}

const empty = (): Counts => ({ assigned: 0, started: 0, completed: 0, overdue: 0, certificateValid: 0, certificateExpired: 0 });

export async function completionDashboard(db: DbOrTx, organisationId: string, uiLang: Lang, now = new Date()): Promise<Dashboard> {
	const today = berlinToday(now);
	const settings = await getOrganisationSettings(db, organisationId);
	const reach = await resolveAssignedCourses(db, { organisationId });
	const titles = new Map((await listAssignableCourses(db, uiLang)).map((c) => [c.id, c.title]));
	const units = new Map(
		(await db.select({ id: organisationUnits.id, name: organisationUnits.name }).from(organisationUnits).where(eq(organisationUnits.organisationId, organisationId))).map(
			(u) => [u.id, u.name]
		)
	);
	const certs = new Map<string, CertificateStatusRow>();
	const userIds = [...new Set(reach.map((r) => r.userId))];
	const courseIds = [...new Set(reach.map((r) => r.courseId))];
	for (let i = 0; i < userIds.length; i += 5000) {
		for (const [k, v] of await certificateStatuses(db, { userIds: userIds.slice(i, i + 5000), courseIds }, now)) certs.set(k, v);
	}
	const byCourse = new Map<string, { total: Counts; units: Map<string | null, Counts> }>();
	const statuses: { userId: string; courseId: string; unitId: string | null; dueDate: string | null; status: PersonStatus; completedOn: string | null; certificate: CertificateState }[] = [];
	for (const r of reach) {
		const completed = !!r.completedAt;
		const status: PersonStatus = completed ? 'completed' : isOverdue(r.dueDate, false, today) ? 'overdue' : r.enrolledAt ? 'started' : 'not_started';
		const certificate: CertificateState = certs.get(statusKey(r.userId, r.courseId))?.status ?? 'none';
		const entry = byCourse.get(r.courseId) ?? { total: empty(), units: new Map() };
		const unit = entry.units.get(r.unitId) ?? empty();
		for (const c of [entry.total, unit]) {
			c.assigned++;
			if (r.enrolledAt) c.started++;
			if (completed) c.completed++;
			if (status === 'overdue') c.overdue++;
			if (certificate === 'valid') c.certificateValid++;
			if (certificate === 'expired') c.certificateExpired++;
		}
		entry.units.set(r.unitId, unit);
		byCourse.set(r.courseId, entry);
		statuses.push({
			userId: r.userId,
			courseId: r.courseId,
			unitId: r.unitId,
			dueDate: r.dueDate,
			status,
			completedOn: r.completedAt ? berlinToday(r.completedAt) : null,
			certificate
		});
	}
	const title = (id: string) => titles.get(id) ?? '–';
	const rows: DashboardRow[] = [];
	for (const [courseId, entry] of [...byCourse].sort((a, b) => title(a[0]).localeCompare(title(b[0]), uiLang))) {
		rows.push({ courseId, courseTitle: title(courseId), unitName: null, total: true, ...entry.total });
		if (units.size) {
			const unitRows = [...entry.units].map(([unitId, c]) => ({ courseId, courseTitle: title(courseId), unitName: unitId ? (units.get(unitId) ?? null) : null, total: false, ...c }));
			unitRows.sort((a, b) => (a.unitName ?? '\uffff').localeCompare(b.unitName ?? '\uffff', uiLang));
			rows.push(...unitRows);
		}
	}
	if (settings.countsOnly) return { today, countsOnly: true, rows, people: null };

	const ids = [...new Set(statuses.map((s) => s.userId))];
	const names = new Map<string, string>();
	for (let i = 0; i < ids.length; i += 5000) {
		const chunk = await db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(and(inArray(users.id, ids.slice(i, i + 5000)), eq(users.organisationId, organisationId)));
		for (const u of chunk) names.set(u.id, u.name);
	}
	const people = statuses
		.map((s) => ({
			name: names.get(s.userId) ?? '–',
			unitName: s.unitId ? (units.get(s.unitId) ?? null) : null,
			courseTitle: title(s.courseId),
			dueDate: s.dueDate,
			status: s.status,
			completedOn: s.completedOn,
			certificate: s.certificate
		}))
		.sort((a, b) => a.courseTitle.localeCompare(b.courseTitle, uiLang) || a.name.localeCompare(b.name, uiLang));
	return { today, countsOnly: false, rows, people };
}
