import { beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { importTestCourse } from '../../../../tests/setup/course';
import { attemptAnswers, attempts, courses, enrolments, mailOutbox, remindersSent, surveyResponses } from '../db/schema';
import { createUser } from '../users';
import { createOrganisation, setMemberActive } from '../orgs';
import { enrol } from '../learning/enrolment';
import { createAssignment, updateAssignmentDueDate } from '../assignments';
import { saveOrganisationSettings } from '../assignments/settings';
import { runReminders } from '.';

const database = useTestDatabase();
let courseId: string;
let versionId: string;
let n = 0;

beforeAll(async () => {
	courseId = await importTestCourse(database().db, { id: 'e5e5e5e5-0000-4000-8000-000000000005', slug: 'erinnerungskurs', title: 'Erinnerungskurs' });
	const [c] = await database().db.select().from(courses).where(eq(courses.id, courseId));
	versionId = c!.liveVersionId!;
});

async function setup(dueDate = '2026-12-10') {
	const db = database().db;
	const tag = `r${++n}`;
	const org = await createOrganisation(db, { name: `Firma ${tag}`, type: 'unternehmen', regionAgs: '03453' }, null);
	const manager = await createUser(db, { email: `chef-${tag}@test.example`, name: 'Chefin', locale: 'de', organisationId: org.id, roles: [{ role: 'org_manager', organisationId: org.id }] }, null);
	const person = (name: string, locale: 'de' | 'en' = 'de') =>
		createUser(db, { email: `${name.toLowerCase()}-${tag}@test.example`, name, locale, organisationId: org.id, roles: [{ role: 'learner', organisationId: null }] }, null);
	const anna = await person('Anna');
	const ben = await person('Ben', 'en');
	const created = await createAssignment(db, org.id, { courseId, scope: 'people', userIds: [anna.id, ben.id], dueDate }, manager.id);
	const assignmentId = (created as { id: string }).id;
	return { db, tag, org, manager, anna, ben, assignmentId };
}

/** Every outbox mail to these people, oldest first. */
async function mailsTo(db: ReturnType<typeof database>['db'], ...emails: string[]) {
	return db.select().from(mailOutbox).where(inArray(mailOutbox.recipient, emails)).orderBy(mailOutbox.id);
}

// 2026-12-03 12:00 in Berlin: seven days before 2026-12-10.
const at = (day: string) => new Date(`${day}T11:00:00Z`);

describe('assignment reminders', () => {
	it('reminds before the due date in the recipient’s language, once per threshold', async () => {
		const { db, anna, ben } = await setup('2026-12-10');
		await runReminders(db, at('2026-12-01'), { deliver: false });
		expect(await mailsTo(db, anna.email, ben.email)).toHaveLength(0); // nine days left: no threshold yet

		await runReminders(db, at('2026-12-03'), { deliver: false });
		const [toAnna, toBen] = [...(await mailsTo(db, anna.email)), ...(await mailsTo(db, ben.email))];
		expect(toAnna).toMatchObject({ kind: 'assignment_reminder', locale: 'de', subject: 'Erinnerung: Kurse bald fällig', status: 'held' });
		expect(toAnna!.textBody).toContain('Guten Tag Anna,');
		expect(toAnna!.textBody).toContain('• Erinnerungskurs – fällig am 10.12.2026');
		expect(toAnna!.textBody).toContain('http://localhost:3000/learn');
		expect(toAnna!.htmlBody).toContain('<html lang="de">');
		expect(toBen).toMatchObject({ locale: 'en', subject: 'Reminder: courses due soon' });
		expect(toBen!.textBody).toContain('Hello Ben,');
		expect(toBen!.textBody).toContain('– due on 10 Dec 2026');

		// Later the same day and on the following days: nothing new until the 1-day threshold.
		await runReminders(db, at('2026-12-03'), { deliver: false });
		await runReminders(db, at('2026-12-05'), { deliver: false });
		expect(await mailsTo(db, anna.email)).toHaveLength(1);
		await runReminders(db, at('2026-12-09'), { deliver: false });
		expect(await mailsTo(db, anna.email)).toHaveLength(2);
		await runReminders(db, at('2026-12-10'), { deliver: false }); // due today: the 1-day reminder was sent
		expect(await mailsTo(db, anna.email)).toHaveLength(2);
	});

	it('reminds once when overdue, and completed people get nothing', async () => {
		const { db, anna, ben } = await setup('2026-11-20');
		const e = (await enrol(db, { userId: ben.id, courseId, versionId, source: 'assigned' })).enrolment;
		await db.update(enrolments).set({ completedAt: new Date('2026-11-19T10:00:00Z') }).where(eq(enrolments.id, e.id));

		await runReminders(db, at('2026-11-21'), { deliver: false });
		await runReminders(db, at('2026-11-28'), { deliver: false });
		const mails = await mailsTo(db, anna.email, ben.email);
		expect(mails.map((m) => [m.recipient, m.subject])).toEqual([[anna.email, 'Erinnerung: Kurs überfällig']]);
		expect(mails[0]!.textBody).toContain('• Erinnerungskurs – war fällig am 20.11.2026');
	});

	it('catches up a missed day with one mail, and a moved due date reminds again', async () => {
		const { db, org, manager, anna, assignmentId } = await setup('2026-12-10');
		await runReminders(db, at('2026-12-06'), { deliver: false }); // server was down on the 3rd
		expect(await mailsTo(db, anna.email)).toHaveLength(1);
		await updateAssignmentDueDate(db, org.id, assignmentId, '2026-12-12', manager.id);
		await runReminders(db, at('2026-12-06'), { deliver: false });
		const mails = await mailsTo(db, anna.email);
		expect(mails).toHaveLength(2);
		expect(mails[1]!.textBody).toContain('fällig am 12.12.2026');
	});

	it('never sends twice, also when two runs overlap', async () => {
		const { db, anna, ben } = await setup('2026-12-10');
		await Promise.all([runReminders(db, at('2026-12-03'), { deliver: false }), runReminders(db, at('2026-12-03'), { deliver: false })]);
		await runReminders(db, at('2026-12-03'), { deliver: false });
		expect(await mailsTo(db, anna.email)).toHaveLength(1);
		expect(await mailsTo(db, ben.email)).toHaveLength(1);
		const keys = await db.select().from(remindersSent).where(eq(remindersSent.userId, anna.id));
		expect(keys.map((k) => k.kind)).toEqual(['reminder_due']);
	});

	it('skips deactivated members and follows the organisation’s settings', async () => {
		const { db, org, manager, anna, ben } = await setup('2026-12-10');
		await setMemberActive(db, org.id, ben.id, false, manager.id);
		await saveOrganisationSettings(db, org.id, { reminderDays: [2], overdueReminder: false, managerSummary: 'off', countsOnly: false }, { id: manager.id, mayRelax: false });
		await runReminders(db, at('2026-12-03'), { deliver: false });
		expect(await mailsTo(db, anna.email, ben.email)).toHaveLength(0);
		await runReminders(db, at('2026-12-08'), { deliver: false });
		expect((await mailsTo(db, anna.email, ben.email)).map((m) => m.recipient)).toEqual([anna.email]);
		await runReminders(db, at('2026-12-20'), { deliver: false }); // overdue reminders switched off
		expect(await mailsTo(db, anna.email, ben.email)).toHaveLength(1);
		expect(await mailsTo(db, manager.email)).toHaveLength(0); // summaries switched off
	});
});

describe('manager summary', () => {
	it('reports completion counts per course once a week — no names, scores, answers or self-assessments', async () => {
		const { db, manager, anna, ben } = await setup('2026-11-20');
		const e = (await enrol(db, { userId: anna.id, courseId, versionId, source: 'assigned' })).enrolment;
		await db.update(enrolments).set({ completedAt: new Date('2026-11-18T09:15:00Z'), passedAt: new Date('2026-11-18T09:15:00Z') }).where(eq(enrolments.id, e.id));
		const [attempt] = await db
			.insert(attempts)
			.values({ enrolmentId: e.id, lessonId: 'pruefung', versionId, number: 1, orders: {}, submittedAt: new Date(), score: 7.3, maxScore: 10, passed: true })
			.returning();
		await db.insert(attemptAnswers).values({ attemptId: attempt!.id, itemId: 'frage-1', response: { text: 'GEHEIME-ANTWORT' }, score: 0.73, maxScore: 1, correct: false });
		await db.insert(surveyResponses).values({ enrolmentId: e.id, surveyId: 'vorher-nachher', phase: 'pre', answers: { s1: 4 } });

		await runReminders(db, at('2026-11-25'), { deliver: false }); // Wednesday of 2026-W48
		await runReminders(db, at('2026-11-29'), { deliver: false }); // Sunday, same week
		let mails = await mailsTo(db, manager.email);
		expect(mails).toHaveLength(1);
		const mail = mails[0]!;
		expect(mail).toMatchObject({ kind: 'manager_summary', locale: 'de', subject: expect.stringMatching(/^Wochenübersicht: Kursabschlüsse in Firma r\d+$/) });
		expect(mail.textBody).toContain('• Erinnerungskurs: 1 von 2 abgeschlossen, 1 begonnen, 1 überfällig');
		expect(mail.textBody).toMatch(/\/manage\/[0-9a-f-]{36}\/dashboard/);
		for (const forbidden of ['Anna', 'Ben', anna.email, ben.email, '7.3', '7,3', '73 %', '73%', 'GEHEIME', 'frage', 'pruefung', 'vorher']) {
			expect(mail.textBody, forbidden).not.toContain(forbidden);
			expect(mail.htmlBody, forbidden).not.toContain(forbidden);
		}

		await runReminders(db, at('2026-11-30'), { deliver: false }); // Monday: 2026-W49
		mails = await mailsTo(db, manager.email);
		expect(mails).toHaveLength(2);
	});

	it('goes monthly when so set, and not to organisations without assignments', async () => {
		const { db, org, manager } = await setup('2026-11-20');
		await saveOrganisationSettings(db, org.id, { reminderDays: [7, 1], overdueReminder: true, managerSummary: 'monthly', countsOnly: true }, { id: manager.id, mayRelax: false });
		const idle = await createOrganisation(db, { name: `Ruhig ${n}`, type: 'verwaltung', regionAgs: '03255' }, null);
		const idleManager = await createUser(db, { email: `ruhig-${n}@test.example`, name: 'Ruhe', organisationId: idle.id, roles: [{ role: 'org_manager', organisationId: idle.id }] }, null);
		await runReminders(db, at('2026-11-25'), { deliver: false });
		await runReminders(db, at('2026-11-30'), { deliver: false });
		await runReminders(db, at('2026-12-01'), { deliver: false });
		const mails = await mailsTo(db, manager.email);
		expect(mails.map((m) => m.subject)).toEqual([`Monatsübersicht: Kursabschlüsse in ${org.name}`, `Monatsübersicht: Kursabschlüsse in ${org.name}`]);
		expect(await mailsTo(db, idleManager.email)).toHaveLength(0);
	});
});
