import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { assignmentPeople, assignments, courses, organisationUnits, users, type AssignmentScope } from '../db/schema';
import { writeAudit } from '../audit';
import { listLiveVersions, contentLanguage } from '../courses/cache';
import type { Lang } from '../courses/model';

import { resolveAssignedCourses } from './resolve';

export { resolveAssignedCourses, type AssignedCourse } from './resolve';

export interface AssignableCourse {
	id: string;
	slug: string;
	title: string;
	lang: Lang;
}

/** Every live course can be assigned, whether or not learners may enrol in it themselves. */
export async function listAssignableCourses(db: DbOrTx, uiLang: Lang): Promise<AssignableCourse[]> {
	const list = (await listLiveVersions(db)).map((v) => {
		const lang = contentLanguage(v, null, uiLang);
		return { id: v.content.id, slug: v.content.slug, title: v.content.variants[lang]!.title, lang };
	});
	return list.sort((a, b) => a.title.localeCompare(b.title, uiLang));
}

/**
 * How a CSV cell names a course: its slug or its title in any language, case-insensitive. A title shared by
 * two courses names neither (the preview reports it as unknown rather than guessing).
 */
export async function courseReferenceMap(db: DbOrTx): Promise<Map<string, string>> {
	const map = new Map<string, string | null>();
	const put = (key: string, id: string) => {
		const k = key.trim().toLocaleLowerCase('de');
		if (!k) return;
		map.set(k, map.has(k) && map.get(k) !== id ? null : id);
	};
	for (const v of await listLiveVersions(db)) {
		put(v.content.slug, v.content.id);
		for (const variant of Object.values(v.content.variants)) put(variant!.title, v.content.id);
	}
	return new Map([...map].filter((e): e is [string, string] => e[1] !== null));
}

export interface AssignmentInput {
	courseId: string;
	scope: AssignmentScope;
	unitId?: string | null;
	userIds?: string[];
	/** Invited addresses from a CSV file, not yet accounts (people scope only). */
	pendingEmails?: string[];
	dueDate: string | null;
}

export type AssignmentError = 'course_unknown' | 'unit_unknown' | 'people_unknown' | 'people_missing';

/** Creates an assignment after checking that course, unit and people belong where they should. */
export async function createAssignment(
	db: DbOrTx,
	organisationId: string,
	input: AssignmentInput,
	actorId: string | null
): Promise<{ ok: true; id: string } | { ok: false; error: AssignmentError }> {
	const [course] = await db.select({ id: courses.id, live: courses.liveVersionId }).from(courses).where(eq(courses.id, input.courseId));
	if (!course?.live) return { ok: false, error: 'course_unknown' };
	let unitId: string | null = null;
	if (input.scope === 'unit') {
		const [unit] = await db
			.select({ id: organisationUnits.id })
			.from(organisationUnits)
			.where(and(eq(organisationUnits.id, input.unitId ?? ''), eq(organisationUnits.organisationId, organisationId)));
		if (!unit) return { ok: false, error: 'unit_unknown' };
		unitId = unit.id;
	}
	const userIds = input.scope === 'people' ? [...new Set(input.userIds ?? [])] : [];
	const pending = input.scope === 'people' ? [...new Set(input.pendingEmails ?? [])] : [];
	if (input.scope === 'people') {
		if (!userIds.length && !pending.length) return { ok: false, error: 'people_missing' };
		for (let i = 0; i < userIds.length; i += 5000) {
			const chunk = userIds.slice(i, i + 5000);
			const [found] = await db
				.select({ n: count() })
				.from(users)
				.where(and(inArray(users.id, chunk), eq(users.organisationId, organisationId)));
			if (found!.n !== chunk.length) return { ok: false, error: 'people_unknown' };
		}
	}
	const [row] = await db
		.insert(assignments)
		.values({ organisationId, courseId: course.id, scope: input.scope, unitId, dueDate: input.dueDate, createdBy: actorId })
		.returning({ id: assignments.id });
	const people = [
		...userIds.map((userId) => ({ assignmentId: row!.id, userId })),
		...pending.map((pendingEmail) => ({ assignmentId: row!.id, pendingEmail }))
	];
	for (let i = 0; i < people.length; i += 1000) await db.insert(assignmentPeople).values(people.slice(i, i + 1000));
	await writeAudit(db, {
		actorId,
		action: 'assignment.create',
		targetType: 'organisation',
		targetId: organisationId,
		details: { assignmentId: row!.id, courseId: course.id, scope: input.scope, unitId, dueDate: input.dueDate, people: userIds.length, invited: pending.length }
	});
	return { ok: true, id: row!.id };
}

export async function listAssignments(db: DbOrTx, organisationId: string) {
	const rows = await db
		.select({
			id: assignments.id,
			courseId: assignments.courseId,
			scope: assignments.scope,
			unitId: assignments.unitId,
			unitName: organisationUnits.name,
			dueDate: assignments.dueDate,
			createdAt: assignments.createdAt
		})
		.from(assignments)
		.leftJoin(organisationUnits, eq(organisationUnits.id, assignments.unitId))
		.where(eq(assignments.organisationId, organisationId))
		.orderBy(asc(assignments.createdAt));
	const ids = rows.filter((r) => r.scope === 'people').map((r) => r.id);
	const people = ids.length
		? await db
				.select({ assignmentId: assignmentPeople.assignmentId, n: count() })
				.from(assignmentPeople)
				.where(inArray(assignmentPeople.assignmentId, ids))
				.groupBy(assignmentPeople.assignmentId)
		: [];
	const counts = new Map(people.map((p) => [p.assignmentId, p.n]));
	return rows.map((r) => ({ ...r, people: counts.get(r.id) ?? 0 }));
}

export async function getAssignment(db: DbOrTx, organisationId: string, id: string) {
	const [row] = await db
		.select()
		.from(assignments)
		.where(and(eq(assignments.id, id), eq(assignments.organisationId, organisationId)));
	if (!row) return null;
	const people = await db
		.select({ userId: assignmentPeople.userId, pendingEmail: assignmentPeople.pendingEmail, name: users.name })
		.from(assignmentPeople)
		.leftJoin(users, eq(users.id, assignmentPeople.userId))
		.where(eq(assignmentPeople.assignmentId, id))
		.orderBy(asc(users.name), asc(assignmentPeople.pendingEmail));
	return { ...row, people };
}

export async function updateAssignmentDueDate(db: DbOrTx, organisationId: string, id: string, dueDate: string | null, actorId: string) {
	const [row] = await db
		.update(assignments)
		.set({ dueDate, updatedAt: new Date() })
		.where(and(eq(assignments.id, id), eq(assignments.organisationId, organisationId)))
		.returning({ id: assignments.id, courseId: assignments.courseId });
	if (!row) return false;
	await writeAudit(db, {
		actorId,
		action: 'assignment.update',
		targetType: 'organisation',
		targetId: organisationId,
		details: { assignmentId: id, courseId: row.courseId, dueDate }
	});
	return true;
}

/** Removing an assignment leaves enrolments and progress alone: what people learned stays theirs. */
export async function deleteAssignment(db: DbOrTx, organisationId: string, id: string, actorId: string) {
	const [row] = await db
		.delete(assignments)
		.where(and(eq(assignments.id, id), eq(assignments.organisationId, organisationId)))
		.returning({ courseId: assignments.courseId, scope: assignments.scope });
	if (!row) return false;
	await writeAudit(db, {
		actorId,
		action: 'assignment.delete',
		targetType: 'organisation',
		targetId: organisationId,
		details: { assignmentId: id, courseId: row.courseId, scope: row.scope }
	});
	return true;
}

/**
 * An invited person accepted: CSV assignments waiting on their address become theirs. Only assignments of
 * the organisation that invited them.
 */
export async function claimPendingAssignments(db: DbOrTx, organisationId: string, email: string, userId: string) {
	const pending = await db
		.select({ id: assignmentPeople.id, assignmentId: assignmentPeople.assignmentId })
		.from(assignmentPeople)
		.innerJoin(assignments, eq(assignments.id, assignmentPeople.assignmentId))
		.where(and(eq(assignments.organisationId, organisationId), eq(assignmentPeople.pendingEmail, email.toLowerCase()), isNull(assignmentPeople.userId)));
	for (const p of pending) {
		await db.delete(assignmentPeople).where(eq(assignmentPeople.id, p.id));
		await db.insert(assignmentPeople).values({ assignmentId: p.assignmentId, userId }).onConflictDoNothing();
	}
	return pending.length;
}

/** Whether a course reaches this person through any assignment (lets them enrol in an "assigned only" course). */
export async function isAssigned(db: DbOrTx, userId: string, courseId: string): Promise<boolean> {
	return (await resolveAssignedCourses(db, { userId, courseId })).length > 0;
}
