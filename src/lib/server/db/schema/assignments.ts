import { boolean, check, date, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './auth';
import { courses } from './courses';
import { organisations, organisationUnits } from './orgs';

export const ASSIGNMENT_SCOPES = ['organisation', 'unit', 'people'] as const;
export type AssignmentScope = (typeof ASSIGNMENT_SCOPES)[number];

/**
 * A course an organisation asks its people to take. Who it applies to is resolved when it is read (members of
 * the organisation, of the unit, or the listed people), so people who join later are covered without copying
 * rows. `dueDate` is a calendar date: the course is due by the end of that day (German time).
 */
export const assignments = pgTable(
	'assignments',
	{
		id: uuid().primaryKey().defaultRandom(),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		courseId: uuid()
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		scope: text().$type<AssignmentScope>().notNull(),
		unitId: uuid().references(() => organisationUnits.id, { onDelete: 'cascade' }),
		dueDate: date({ mode: 'string' }),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.organisationId, t.courseId),
		check('assignments_unit_scope', sql`(${t.scope} = 'unit') = (${t.unitId} is not null)`)
	]
);

/**
 * The people of a `people` assignment. A row names an account (`userId`), or — for someone invited from a CSV
 * file who has not accepted yet — the invited address (`pendingEmail`), which becomes the account on acceptance.
 */
export const assignmentPeople = pgTable(
	'assignment_people',
	{
		id: uuid().primaryKey().defaultRandom(),
		assignmentId: uuid()
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
		pendingEmail: text()
	},
	(t) => [
		unique('assignment_people_user').on(t.assignmentId, t.userId),
		unique('assignment_people_pending').on(t.assignmentId, t.pendingEmail),
		index().on(t.userId),
		index().on(t.pendingEmail),
		check('assignment_people_one_of', sql`(${t.userId} is null) <> (${t.pendingEmail} is null)`)
	]
);

export const MANAGER_SUMMARIES = ['off', 'weekly', 'monthly'] as const;
export type ManagerSummary = (typeof MANAGER_SUMMARIES)[number];

/**
 * Per-organisation choices. The dashboard never shows more than completion; `countsOnly` can only take away
 * (no names, only numbers), as a works agreement may require.
 */
export const organisationSettings = pgTable('organisation_settings', {
	organisationId: uuid()
		.primaryKey()
		.references(() => organisations.id, { onDelete: 'cascade' }),
	/** Days before the due date on which a reminder goes out, e.g. [7, 1]. */
	reminderDays: jsonb().$type<number[]>().notNull().default([7, 1]),
	overdueReminder: boolean().notNull().default(true),
	managerSummary: text().$type<ManagerSummary>().notNull().default('weekly'),
	countsOnly: boolean().notNull().default(false),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	updatedBy: uuid().references(() => users.id, { onDelete: 'set null' })
});

/**
 * One row per reminder or summary ever sent, claimed with its unique key in the transaction that enqueues the
 * mail: a second run (another process, a restart mid-run) finds the key taken and sends nothing.
 */
export const remindersSent = pgTable(
	'reminders_sent',
	{
		key: text().primaryKey(),
		kind: text().notNull(),
		organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
		userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
		sentAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.userId), index().on(t.sentAt)]
);

export const ERASURE_STATUSES = ['pending', 'completed', 'withdrawn'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];

/**
 * A learner's request to be erased (Art. 17 DSGVO). After completion the row keeps no personal data: the
 * account reference is gone (set null) and only dates, status and who completed it remain, as proof.
 */
export const erasureRequests = pgTable(
	'erasure_requests',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid().references(() => users.id, { onDelete: 'set null' }),
		status: text().$type<ErasureStatus>().notNull().default('pending'),
		requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		completedAt: timestamp({ withTimezone: true }),
		completedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		/** What was removed, as counts (no content), for the record. */
		outcome: jsonb().$type<Record<string, number>>()
	},
	(t) => [index().on(t.status, t.requestedAt), index().on(t.userId)]
);

export type Assignment = typeof assignments.$inferSelect;
export type OrganisationSettings = typeof organisationSettings.$inferSelect;
export type ErasureRequest = typeof erasureRequests.$inferSelect;
