import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { importTestCourse } from '../../../../tests/setup/course';
import { auditLog, invitations, users } from '../db/schema';
import { createUser } from '../users';
import { createOrganisation, setMemberActive } from '../orgs';
import { createUnit } from '../orgs/units';
import { acceptInvitation, createInvitations } from '../orgs/invitations';
import { joinWithCode, regenerateJoinCode } from '../orgs/join-codes';
import { previewPeopleImport, runPeopleImport } from '../orgs/people-import';
import { hashOneTimeToken } from '../auth/one-time-token';
import { enrol } from '../learning/enrolment';
import { createAssignment, deleteAssignment, isAssigned, listAssignments, resolveAssignedCourses, updateAssignmentDueDate } from '.';

const database = useTestDatabase();
let courseA: string;
let courseB: string;
let n = 0;

beforeAll(async () => {
	courseA = await importTestCourse(database().db, { id: 'a1a1a1a1-0000-4000-8000-000000000001', slug: 'kurs-a', title: 'Kurs Anton' });
	courseB = await importTestCourse(database().db, { id: 'b2b2b2b2-0000-4000-8000-000000000002', slug: 'kurs-b', title: 'Kurs Berta' });
});

async function setup() {
	const db = database().db;
	const tag = `as${++n}`;
	const org = await createOrganisation(db, { name: `Firma ${tag}`, type: 'unternehmen', regionAgs: '03453' }, null);
	const other = await createOrganisation(db, { name: `Andere ${tag}`, type: 'verwaltung', regionAgs: '03255' }, null);
	const manager = await createUser(db, { email: `chef-${tag}@test.example`, name: 'Chefin', organisationId: org.id, roles: [{ role: 'org_manager', organisationId: org.id }] }, null);
	const werkstatt = await createUnit(db, org.id, 'Werkstatt', manager.id);
	const buero = await createUnit(db, org.id, 'Büro', manager.id);
	const person = (name: string, unitId: string | null = null, organisationId: string | null = org.id) =>
		createUser(db, { email: `${name.toLowerCase()}-${tag}@test.example`, name, organisationId, unitId, roles: [{ role: 'learner', organisationId: null }] }, null);
	return { db, tag, org, other, manager, werkstatt, buero, person };
}

const coursesOf = async (db: Parameters<typeof resolveAssignedCourses>[0], userId: string) =>
	(await resolveAssignedCourses(db, { userId })).map((a) => [a.courseId, a.dueDate]);

describe('assignments', () => {
	it('reach the organisation, one unit or chosen people, and nobody elsewhere', async () => {
		const { db, org, other, manager, werkstatt, buero, person } = await setup();
		const anna = await person('Anna', werkstatt.id);
		const bernd = await person('Bernd', buero.id);
		const clara = await person('Clara');
		const fremd = await person('Fremd', null, other.id);
		expect((await createAssignment(db, org.id, { courseId: courseA, scope: 'organisation', dueDate: '2026-12-01' }, manager.id)).ok).toBe(true);
		expect((await createAssignment(db, org.id, { courseId: courseB, scope: 'unit', unitId: werkstatt.id, dueDate: null }, manager.id)).ok).toBe(true);

		expect(await coursesOf(db, anna.id)).toEqual([[courseA, '2026-12-01'], [courseB, null]]);
		expect(await coursesOf(db, bernd.id)).toEqual([[courseA, '2026-12-01']]);
		expect(await coursesOf(db, clara.id)).toEqual([[courseA, '2026-12-01']]);
		expect(await coursesOf(db, fremd.id)).toEqual([]);

		// Chosen people: only them; a person of another organisation cannot be chosen.
		expect(await createAssignment(db, org.id, { courseId: courseB, scope: 'people', userIds: [fremd.id], dueDate: null }, manager.id)).toEqual({ ok: false, error: 'people_unknown' });
		expect((await createAssignment(db, org.id, { courseId: courseB, scope: 'people', userIds: [clara.id], dueDate: '2026-11-30' }, manager.id)).ok).toBe(true);
		expect(await coursesOf(db, clara.id)).toEqual([[courseB, '2026-11-30'], [courseA, '2026-12-01']]);
		expect(await coursesOf(db, bernd.id)).toEqual([[courseA, '2026-12-01']]);

		// A unit of another organisation is refused.
		const foreignUnit = await createUnit(db, other.id, 'Fremdeinheit', manager.id);
		expect(await createAssignment(db, org.id, { courseId: courseA, scope: 'unit', unitId: foreignUnit.id, dueDate: null }, manager.id)).toEqual({ ok: false, error: 'unit_unknown' });

		// Deactivated members are not counted as assigned.
		await setMemberActive(db, org.id, bernd.id, false, manager.id);
		expect(await coursesOf(db, bernd.id)).toEqual([]);
	});

	it('takes the earliest due date when several assignments reach a person', async () => {
		const { db, org, manager, werkstatt, person } = await setup();
		const anna = await person('Anna', werkstatt.id);
		await createAssignment(db, org.id, { courseId: courseA, scope: 'organisation', dueDate: null }, manager.id);
		expect(await coursesOf(db, anna.id)).toEqual([[courseA, null]]);
		await createAssignment(db, org.id, { courseId: courseA, scope: 'unit', unitId: werkstatt.id, dueDate: '2027-01-15' }, manager.id);
		await createAssignment(db, org.id, { courseId: courseA, scope: 'people', userIds: [anna.id], dueDate: '2027-01-10' }, manager.id);
		expect(await coursesOf(db, anna.id)).toEqual([[courseA, '2027-01-10']]);
	});

	it('reach people who join later by invitation or join code', async () => {
		const { db, tag, org, manager, werkstatt } = await setup();
		await createAssignment(db, org.id, { courseId: courseA, scope: 'organisation', dueDate: '2026-12-24' }, manager.id);
		await createAssignment(db, org.id, { courseId: courseB, scope: 'unit', unitId: werkstatt.id, dueDate: null }, manager.id);

		await createInvitations(db, { organisationId: org.id, invitees: [{ email: `neu-${tag}@test.example`, unitId: werkstatt.id }], inviterId: manager.id, locale: 'de', origin: 'http://lb.test' });
		const [inv] = await db.select().from(invitations).where(eq(invitations.email, `neu-${tag}@test.example`));
		// The token is not stored; accept through a known token by replacing the hash.
		const token = 'a'.repeat(32);
		await db.update(invitations).set({ tokenHash: hashOneTimeToken(token) }).where(eq(invitations.id, inv!.id));
		const accepted = await acceptInvitation(db, token, { currentUserId: null, name: 'Neu', password: 'ein-gutes-Passwort-1', locale: 'de' });
		expect(accepted.ok).toBe(true);
		expect(await coursesOf(db, (accepted as { userId: string }).userId)).toEqual([[courseA, '2026-12-24'], [courseB, null]]);

		const loner = await createUser(db, { email: `solo-${tag}@test.example`, name: 'Solo', roles: [{ role: 'learner', organisationId: null }] }, null);
		expect(await coursesOf(db, loner.id)).toEqual([]);
		const code = (await regenerateJoinCode(db, org.id, null, manager.id))!;
		expect(await joinWithCode(db, code, loner.id)).toBe('ok');
		expect(await coursesOf(db, loner.id)).toEqual([[courseA, '2026-12-24']]);
	});

	it('assigns the courses and due dates of a CSV file, to invitees once they accept', async () => {
		const { db, tag, org, manager, person } = await setup();
		const bernd = await person('Bernd');
		const csv = [
			'Name;E-Mail;Kurse;Fällig am',
			`Anna;anna-${tag}@test.example;kurs-a, Kurs Berta;15.01.2027`,
			`Bernd;bernd-${tag}@test.example;KURS-A;15.01.2027`,
			`Clara;clara-${tag}@test.example;;`
		].join('\n');
		const preview = await previewPeopleImport(db, org.id, csv);
		expect(preview.problems).toEqual([]);
		expect(preview.rows.map((r) => r.courseIds)).toEqual([[courseA, courseB], [courseA], []]);
		const result = await db.transaction((tx) => runPeopleImport(tx, org.id, csv, { actorId: manager.id, locale: 'de', origin: 'http://lb.test' }));
		expect(result.ok).toBe(true);
		// Bernd is a member: assigned at once. Anna is invited: assigned when she accepts.
		expect(await coursesOf(db, bernd.id)).toEqual([[courseA, '2027-01-15']]);
		const list = await listAssignments(db, org.id);
		expect(list.map((a) => [a.courseId, a.scope, a.dueDate, a.people]).sort()).toEqual(
			[[courseA, 'people', '2027-01-15', 2], [courseB, 'people', '2027-01-15', 1]].sort()
		);

		const [inv] = await db.select().from(invitations).where(and(eq(invitations.email, `anna-${tag}@test.example`), eq(invitations.organisationId, org.id)));
		const token = 'b'.repeat(32);
		await db.update(invitations).set({ tokenHash: hashOneTimeToken(token) }).where(eq(invitations.id, inv!.id));
		const accepted = await acceptInvitation(db, token, { currentUserId: null, name: 'Anna', password: 'ein-gutes-Passwort-1', locale: 'de' });
		const annaId = (accepted as { userId: string }).userId;
		expect(await coursesOf(db, annaId)).toEqual([[courseA, '2027-01-15'], [courseB, '2027-01-15']]);
		const [clara] = await db.select().from(users).where(eq(users.email, `clara-${tag}@test.example`));
		expect(clara).toBeUndefined();
	});

	it('reports unknown courses in the CSV preview with line and column', async () => {
		const { db, tag, org } = await setup();
		const csv = ['Name;E-Mail;Kurse', `Anna;anna-${tag}@test.example;kurs-a, gibt-es-nicht`].join('\n');
		const preview = await previewPeopleImport(db, org.id, csv);
		expect(preview.problems).toEqual([{ line: 2, column: 'Kurse', code: 'course_unknown', value: 'gibt-es-nicht' }]);
	});

	it('are edited and removed only within their organisation, with audit entries, keeping enrolments', async () => {
		const { db, org, other, manager, person } = await setup();
		const anna = await person('Anna');
		const created = await createAssignment(db, org.id, { courseId: courseA, scope: 'organisation', dueDate: null }, manager.id);
		const id = (created as { id: string }).id;
		expect(await isAssigned(db, anna.id, courseA)).toBe(true);
		const version = (await db.query.courses.findFirst({ where: (c, { eq }) => eq(c.id, courseA) }))!.liveVersionId!;
		await enrol(db, { userId: anna.id, courseId: courseA, versionId: version, source: 'assigned' });

		expect(await updateAssignmentDueDate(db, other.id, id, '2027-02-01', manager.id)).toBe(false);
		expect(await updateAssignmentDueDate(db, org.id, id, '2027-02-01', manager.id)).toBe(true);
		expect(await coursesOf(db, anna.id)).toEqual([[courseA, '2027-02-01']]);
		expect(await deleteAssignment(db, other.id, id, manager.id)).toBe(false);
		expect(await deleteAssignment(db, org.id, id, manager.id)).toBe(true);
		expect(await isAssigned(db, anna.id, courseA)).toBe(false);
		const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, org.id));
		expect(audit.map((a) => a.action).filter((a) => a.startsWith('assignment.'))).toEqual(['assignment.create', 'assignment.update', 'assignment.delete']);
		const { enrolments } = await import('../db/schema');
		expect(await db.select().from(enrolments).where(eq(enrolments.userId, anna.id))).toHaveLength(1);
	});
});
