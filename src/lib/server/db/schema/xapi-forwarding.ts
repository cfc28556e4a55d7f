import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organisations } from './orgs';
import { xapiStatements } from './xapi';

/**
 * Forwarding of stored statements to external LRSs (docs/decisions/007-lrs-forwarding.md). `recordStatements`
 * writes one outbox row per matching target in the same transaction as the statement, so a statement is
 * queued exactly when it is stored; a worker in the server process delivers the rows with @xapi/xapi.
 */
export const FORWARD_VERSIONS = ['1.0.3', '2.0.0'] as const;
export type ForwardVersion = (typeof FORWARD_VERSIONS)[number];

export const FORWARD_STATUSES = ['pending', 'done', 'dead'] as const;
export type ForwardStatus = (typeof FORWARD_STATUSES)[number];

const ms = { withTimezone: true, precision: 3 } as const;

export const xapiForwardTargets = pgTable('xapi_forward_targets', {
	id: uuid().primaryKey().defaultRandom(),
	name: text().notNull(),
	/** The target's xAPI base URL, e.g. `https://lrs.example.org/xapi/`. */
	endpoint: text().notNull(),
	username: text().notNull(),
	/**
	 * Needed in clear to send Basic credentials; never sent back to a browser (the edit form leaves it empty
	 * and keeps the stored one unless a new one is typed).
	 */
	password: text().notNull(),
	version: text().$type<ForwardVersion>().notNull(),
	/** Only statements with one of these verb IRIs; empty = every verb. */
	verbs: jsonb().$type<string[]>().notNull().default([]),
	/** Only statements whose object or context activities (e.g. the course as `grouping`) include one of these; empty = all. */
	activities: jsonb().$type<string[]>().notNull().default([]),
	/**
	 * Only statements about this organisation's people (the actor's account is a member) or written by an LRS
	 * client restricted to it; null = every organisation. Deleting the organisation deletes the target, so a
	 * filter can never silently widen to "everything".
	 */
	organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
	disabledAt: timestamp(ms),
	createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp(ms).notNull().defaultNow()
});

export const xapiForwardOutbox = pgTable(
	'xapi_forward_outbox',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		targetId: uuid()
			.notNull()
			.references(() => xapiForwardTargets.id, { onDelete: 'cascade' }),
		/** Erasure and retention delete the statement, and with it whatever was still queued for it. */
		statementSequence: bigint({ mode: 'number' })
			.notNull()
			.references(() => xapiStatements.sequence, { onDelete: 'cascade' }),
		status: text().$type<ForwardStatus>().notNull().default('pending'),
		attempts: integer().notNull().default(0),
		nextAttemptAt: timestamp(ms).notNull().defaultNow(),
		/** Lease of the worker sending the row; after a crash another run takes it once the lease ends. */
		lockedUntil: timestamp(ms),
		/** HTTP status of the last failed attempt (null: no answer, e.g. a timeout or refused connection). */
		lastStatus: smallint(),
		lastError: text(),
		createdAt: timestamp(ms).notNull().defaultNow(),
		doneAt: timestamp(ms)
	},
	(t) => [
		index('xapi_forward_outbox_due')
			.on(t.nextAttemptAt, t.id)
			.where(sql`${t.status} = 'pending'`),
		index().on(t.targetId, t.status),
		index().on(t.statementSequence)
	]
);

export type ForwardTarget = typeof xapiForwardTargets.$inferSelect;
export type ForwardOutboxRow = typeof xapiForwardOutbox.$inferSelect;
