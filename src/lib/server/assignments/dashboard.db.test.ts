import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { importTestCourse } from '../../../../tests/setup/course';
import { attemptAnswers, attempts, courses, enrolments, surveyResponses } from '../db/schema';
import { createUser } from '../users';
import { createOrganisation } from '../orgs';
import { createUnit } from '../orgs/units';
import { toCsv } from '../csv/write';
import { unzipStored } from '../export/zip';
import { xlsx } from '../export/xlsx';
import { enrol } from '../learning/enrolment';
import { createAssignment } from '.';
import { completionDashboard } from './dashboard';
import { dashboardTable } from './dashboard-table';
import { getOrganisationSettings, saveOrganisationSettings } from './settings';

const database = useTestDatabase();
let courseId: string;
let versionId: string;
let n = 0;

beforeAll(async () => {
	courseId = await importTestCourse(database().db, { id: 'c3c3c3c3-0000-4000-8000-000000000003', slug: 'dash-kurs', title: 'Dashboard-Kurs' });
	const [c] = await database().db.select().from(courses).where(eq(courses.id, courseId));
	versionId = c!.liveVersionId!;
});

/** An organisation where one person completed with a remembered score, one started, one is overdue. */
async function setup() {
	const db = database().db;
	const tag = `d${++n}`;
	const org = await createOrganisation(db, { name: `Firma ${tag}`, type: 'unternehmen', regionAgs: '03453' }, null);
	const manager = await createUser(db, { email: `chef-${tag}@test.example`, name: 'Chefin', organisationId: org.id, roles: [{ role: 'org_manager', organisationId: org.id }] }, null);
	const lager = await createUnit(db, org.id, 'Lager', manager.id);
	const person = (name: string, unitId: string | null = null) =>
		createUser(db, { email: `${name.toLowerCase()}-${tag}@test.example`, name, organisationId: org.id, unitId, roles: [{ role: 'learner', organisationId: null }] }, null);
	const anna = await person('Anna', lager.id);
	const bernd = await person('=Bernd+1', lager.id);
	const clara = await person('Clara');
	await createAssignment(db, org.id, { courseId, scope: 'people', userIds: [anna.id, bernd.id, clara.id], dueDate: '2026-11-20' }, manager.id);

	const a = (await enrol(db, { userId: anna.id, courseId, versionId, source: 'assigned' })).enrolment;
	await db.update(enrolments).set({ completedAt: new Date('2026-11-18T09:15:00Z'), passedAt: new Date('2026-11-18T09:15:00Z'), lastLessonId: 'geheime-lektion', lastActiveAt: new Date('2026-11-18T09:14:00Z') }).where(eq(enrolments.id, a.id));
	const [attempt] = await db
		.insert(attempts)
		.values({ enrolmentId: a.id, lessonId: 'pruefung', versionId, number: 1, orders: {}, submittedAt: new Date(), score: 7.3, maxScore: 10, passed: true })
		.returning();
	await db.insert(attemptAnswers).values({ attemptId: attempt!.id, itemId: 'frage-1', response: { text: 'GEHEIME-ANTWORT' }, score: 0.73, maxScore: 1, correct: false });
	await db.insert(surveyResponses).values({ enrolmentId: a.id, surveyId: 'vorher-nachher', phase: 'pre', answers: { s1: 4 } });
	await enrol(db, { userId: bernd.id, courseId, versionId, source: 'assigned' });
	return { db, org, manager, anna, bernd, clara };
}

const NOW = new Date('2026-11-25T12:00:00Z');

describe('completion dashboard', () => {
	it('counts assigned, started, completed and overdue per course and unit', async () => {
		const { db, org } = await setup();
		const d = await completionDashboard(db, org.id, 'de', NOW);
		expect(d.rows.map((r) => [r.courseTitle, r.total ? 'Σ' : r.unitName, r.assigned, r.started, r.completed, r.overdue])).toEqual([
			['Dashboard-Kurs', 'Σ', 3, 2, 1, 2],
			['Dashboard-Kurs', 'Lager', 2, 2, 1, 1],
			['Dashboard-Kurs', null, 1, 0, 0, 1]
		]);
		expect(d.people!.map((p) => [p.name, p.status, p.completedOn])).toEqual([
			['=Bernd+1', 'overdue', null],
			['Anna', 'completed', '2026-11-18'],
			['Clara', 'overdue', null]
		]);
	});

	it('contains no scores, answers, attempts, self-assessments or times — in data and in exports', async () => {
		const { db, org } = await setup();
		const d = await completionDashboard(db, org.id, 'de', NOW);
		const json = JSON.stringify(d);
		for (const forbidden of ['score', '7.3', '0.73', 'GEHEIME', 'geheime-lektion', 'pruefung', 'frage-1', 'attempt', 'survey', 'passed', 'lastActive', 'lesson', 'percent', '09:1', 'T09']) {
			expect(json, forbidden).not.toContain(forbidden);
		}
		const people = dashboardTable(d, 'people', 'de')!;
		const csv = toCsv(people.header, people.rows);
		expect(csv).not.toMatch(/7[.,]3|0[.,]73|GEHEIME/);
		expect(people.header).toEqual(['Name', 'Einheit', 'Kurs', 'Fällig am', 'Stand', 'Abgeschlossen am', 'Zertifikat']);
	});

	it('exports the same table as CSV (formula-safe, BOM) and XLSX', async () => {
		const { db, org } = await setup();
		const d = await completionDashboard(db, org.id, 'de', NOW);
		const summary = dashboardTable(d, 'summary', 'de')!;
		const csv = toCsv(summary.header, summary.rows);
		expect(csv.startsWith('\uFEFFKurs;Einheit;Zugewiesen;Begonnen;Abgeschlossen;Überfällig;Zertifikat gültig;Zertifikat abgelaufen\r\n')).toBe(true);
		expect(csv).toContain('Dashboard-Kurs;Alle;3;2;1;2;0;0\r\n');
		const people = dashboardTable(d, 'people', 'de')!;
		const peopleCsv = toCsv(people.header, people.rows);
		expect(peopleCsv).toContain(`'=Bernd+1;Lager;Dashboard-Kurs;20.11.2026;Überfällig;`);
		expect(peopleCsv).toContain('Anna;Lager;Dashboard-Kurs;20.11.2026;Abgeschlossen;18.11.2026;–');
		const sheet = new TextDecoder().decode(unzipStored(xlsx('Abschlüsse', people.header, people.rows)).get('xl/worksheets/sheet1.xml'));
		expect(sheet).toContain(`'=Bernd+1`);
		expect(sheet).toContain('Abgeschlossen');
	});

	it('shows counts only when the organisation restricts it, and a manager cannot lift that', async () => {
		const { db, org, manager } = await setup();
		await saveOrganisationSettings(db, org.id, { reminderDays: [7, 1], overdueReminder: true, managerSummary: 'weekly', countsOnly: true }, { id: manager.id, mayRelax: false });
		const d = await completionDashboard(db, org.id, 'de', NOW);
		expect(d.people).toBeNull();
		expect(JSON.stringify(d)).not.toMatch(/Anna|Bernd|Clara/);
		expect(dashboardTable(d, 'people', 'de')).toBeNull();
		expect(d.rows[0]!.completed).toBe(1);
		await saveOrganisationSettings(db, org.id, { reminderDays: [3], overdueReminder: false, managerSummary: 'off', countsOnly: false }, { id: manager.id, mayRelax: false });
		expect(await getOrganisationSettings(db, org.id)).toEqual({ reminderDays: [3], overdueReminder: false, managerSummary: 'off', countsOnly: true });
		await saveOrganisationSettings(db, org.id, { reminderDays: [3], overdueReminder: false, managerSummary: 'off', countsOnly: false }, { id: manager.id, mayRelax: true });
		expect((await getOrganisationSettings(db, org.id)).countsOnly).toBe(false);
	});
});
