import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { organisations, remindersSent, userRoles, users, type Locale } from '../db/schema';
import { config } from '../config';
import { enqueueMail } from '../mail';
import { listAssignableCourses } from '../assignments';
import { resolveAssignedCourses } from '../assignments/resolve';
import { berlinToday, daysBetween, isoWeek } from '../assignments/dates';
import { allOrganisationSettings, DEFAULT_SETTINGS, type OrgSettings } from '../assignments/settings';
import { completionDashboard } from '../assignments/dashboard';

/**
 * Reminder mails for assigned courses and the managers' completion summary, run by the scheduler
 * (jobs/scheduler.ts) and callable with any clock.
 *
 * Idempotence: every mail stands for one or more keys in `reminders_sent`, claimed with INSERT … ON CONFLICT
 * DO NOTHING in the transaction that enqueues the mail, and the mail carries only the keys this transaction
 * claimed. A second run, a restart or a second process finds the keys taken (or waits on the first
 * transaction's row lock and then finds them taken) and sends nothing.
 *
 * A person's "assignment" here is what they see on /learn: one course with the earliest due date of the
 * assignments reaching them. Keys name person, course and due date, so moving a due date re-arms its
 * reminders and several assignments of one course never remind twice.
 */

export type ReminderKind = 'reminder_due' | 'reminder_overdue' | 'manager_summary';

export interface ReminderRun {
	/** Mails to learners (one per person and run, listing all courses due). */
	reminders: number;
	/** Summary mails to managers. */
	summaries: number;
}

interface Candidate {
	key: string;
	kind: ReminderKind;
	courseId: string;
	dueDate: string;
}

/**
 * The reminder a course is due for today, if any. `reminderDays` [7, 1] means "7 days before" and "1 day
 * before": on each day the tightest threshold not below the days left applies, so a run missed while the
 * server was down is caught up with one mail rather than skipped, and a course assigned 3 days before its
 * due date gets the 7-day reminder at once and the 1-day one later.
 */
export function reminderFor(
	userId: string,
	courseId: string,
	dueDate: string,
	today: string,
	settings: OrgSettings
): Candidate | null {
	const left = daysBetween(today, dueDate);
	if (left < 0) {
		if (!settings.overdueReminder) return null;
		return { key: `overdue:${userId}:${courseId}:${dueDate}`, kind: 'reminder_overdue', courseId, dueDate };
	}
	const threshold = settings.reminderDays.filter((d) => d >= left).sort((a, b) => a - b)[0];
	if (threshold === undefined) return null;
	return { key: `due:${userId}:${courseId}:${dueDate}:${threshold}`, kind: 'reminder_due', courseId, dueDate };
}

export async function runReminders(
	db: DbOrTx,
	now: Date = new Date(),
	opts: { origin?: string; deliver?: boolean } = {}
): Promise<ReminderRun> {
	const origin = opts.origin ?? config().origin;
	const today = berlinToday(now);
	const settings = await allOrganisationSettings(db);
	const settingsOf = (orgId: string) => settings.get(orgId) ?? DEFAULT_SETTINGS;
	const titles = await courseTitles(db);

	const reminders = await remindLearners(db, today, settingsOf, titles, origin, opts.deliver);
	const summaries = await summariseForManagers(db, now, today, settingsOf, origin, opts.deliver);
	return { reminders, summaries };
}

async function remindLearners(
	db: DbOrTx,
	today: string,
	settingsOf: (orgId: string) => OrgSettings,
	titles: (courseId: string, lang: Locale) => string,
	origin: string,
	deliver: boolean | undefined
): Promise<number> {
	const byPerson = new Map<string, Candidate[]>();
	for (const a of await resolveAssignedCourses(db, {})) {
		if (a.completedAt || !a.dueDate) continue;
		const c = reminderFor(a.userId, a.courseId, a.dueDate, today, settingsOf(a.organisationId));
		if (c) byPerson.set(a.userId, [...(byPerson.get(a.userId) ?? []), c]);
	}
	const taken = await takenKeys(db, [...byPerson.values()].flat().map((c) => c.key));
	const open = [...byPerson].map(([userId, cs]) => [userId, cs.filter((c) => !taken.has(c.key))] as const).filter(([, cs]) => cs.length);
	if (!open.length) return 0;

	const people = await recipients(db, open.map(([id]) => id));
	let sent = 0;
	for (const [userId, candidates] of open) {
		const person = people.get(userId);
		// Unconfirmed accounts cannot log in; a reminder would point nowhere.
		if (!person) continue;
		const claimed = await db.transaction(async (tx) => {
			const got = await claim(tx, candidates, person.organisationId, userId);
			if (!got.length) return false;
			const item = (c: Candidate) => ({ course: titles(c.courseId, person.locale), dueDate: c.dueDate });
			await enqueueMail(
				tx,
				{
					to: person.email,
					locale: person.locale,
					template: 'assignment_reminder',
					data: {
						name: person.name,
						organisation: person.organisation,
						due: got.filter((c) => c.kind === 'reminder_due').map(item),
						overdue: got.filter((c) => c.kind === 'reminder_overdue').map(item),
						url: `${origin}/learn`
					}
				},
				{ deliver }
			);
			return true;
		});
		if (claimed) sent++;
	}
	return sent;
}

/**
 * Weekly or monthly, per the organisation's setting: the first run in a new week (ISO) or month sends it.
 * Counts per course from the completion dashboard — the same "completion only" source the managers' page
 * uses, so the mail can never carry more than the page: no names, no scores, no answers.
 */
async function summariseForManagers(
	db: DbOrTx,
	now: Date,
	today: string,
	settingsOf: (orgId: string) => OrgSettings,
	origin: string,
	deliver: boolean | undefined
): Promise<number> {
	const managers = await db
		.select({ id: users.id, email: users.email, name: users.name, locale: users.locale, organisationId: userRoles.organisationId, organisation: organisations.name })
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.innerJoin(organisations, eq(organisations.id, userRoles.organisationId))
		.where(and(eq(userRoles.role, 'org_manager'), isNull(users.deactivatedAt), isNotNull(users.emailConfirmedAt)));
	const due = managers
		.map((mgr) => {
			const s = settingsOf(mgr.organisationId!);
			if (s.managerSummary === 'off') return null;
			const period = s.managerSummary === 'weekly' ? isoWeek(today) : today.slice(0, 7);
			return { ...mgr, organisationId: mgr.organisationId!, period: s.managerSummary, key: `summary:${mgr.organisationId}:${mgr.id}:${period}` };
		})
		.filter((x) => x !== null);
	const taken = await takenKeys(db, due.map((d) => d.key));
	const dashboards = new Map<string, Awaited<ReturnType<typeof completionDashboard>>>();
	let sent = 0;
	for (const mgr of due.filter((d) => !taken.has(d.key))) {
		const cacheKey = `${mgr.organisationId}|${mgr.locale}`;
		const dashboard = dashboards.get(cacheKey) ?? (await completionDashboard(db, mgr.organisationId, mgr.locale, now));
		dashboards.set(cacheKey, dashboard);
		const totals = dashboard.rows.filter((r) => r.total);
		// Nothing assigned, nothing to report: no mail.
		if (!totals.length) continue;
		const claimed = await db.transaction(async (tx) => {
			const got = await claim(tx, [{ key: mgr.key, kind: 'manager_summary', courseId: '', dueDate: '' }], mgr.organisationId, mgr.id);
			if (!got.length) return false;
			await enqueueMail(
				tx,
				{
					to: mgr.email,
					locale: mgr.locale,
					template: 'manager_summary',
					data: {
						name: mgr.name,
						organisation: mgr.organisation,
						date: today,
						period: mgr.period === 'monthly' ? 'monthly' : 'weekly',
						courses: totals.map((r) => ({
							course: r.courseTitle,
							assigned: r.assigned,
							started: r.started,
							completed: r.completed,
							overdue: r.overdue
						})),
						url: `${origin}/manage/${mgr.organisationId}/dashboard`
					}
				},
				{ deliver }
			);
			return true;
		});
		if (claimed) sent++;
	}
	return sent;
}

/** Inserts the keys; returns the candidates whose key this transaction inserted (nobody had it before). */
async function claim(tx: DbOrTx, candidates: Candidate[], organisationId: string | null, userId: string): Promise<Candidate[]> {
	const rows = await tx
		.insert(remindersSent)
		.values(candidates.map((c) => ({ key: c.key, kind: c.kind, organisationId, userId })))
		.onConflictDoNothing()
		.returning({ key: remindersSent.key });
	const got = new Set(rows.map((r) => r.key));
	return candidates.filter((c) => got.has(c.key));
}

/** Keys already claimed, so a run does not open a transaction per overdue person every time. */
async function takenKeys(db: DbOrTx, keys: string[]): Promise<Set<string>> {
	const taken = new Set<string>();
	for (let i = 0; i < keys.length; i += 5000) {
		const rows = await db.select({ key: remindersSent.key }).from(remindersSent).where(inArray(remindersSent.key, keys.slice(i, i + 5000)));
		for (const r of rows) taken.add(r.key);
	}
	return taken;
}

async function recipients(db: DbOrTx, ids: string[]) {
	const out = new Map<string, { email: string; name: string; locale: Locale; organisationId: string | null; organisation: string }>();
	for (let i = 0; i < ids.length; i += 5000) {
		const rows = await db
			.select({ id: users.id, email: users.email, name: users.name, locale: users.locale, organisationId: users.organisationId, organisation: organisations.name })
			.from(users)
			.innerJoin(organisations, eq(organisations.id, users.organisationId))
			.where(and(inArray(users.id, ids.slice(i, i + 5000)), isNull(users.deactivatedAt), isNotNull(users.emailConfirmedAt)));
		for (const r of rows) out.set(r.id, r);
	}
	return out;
}

/** Course titles in each language, looked up once per run. */
async function courseTitles(db: DbOrTx): Promise<(courseId: string, lang: Locale) => string> {
	const byLang = new Map<Locale, Map<string, string>>();
	for (const lang of ['de', 'en'] as const) byLang.set(lang, new Map((await listAssignableCourses(db, lang)).map((c) => [c.id, c.title])));
	return (courseId, lang) => byLang.get(lang)?.get(courseId) ?? byLang.get('de')?.get(courseId) ?? '–';
}
