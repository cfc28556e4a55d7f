import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organisations } from './orgs';

/**
 * The LRS store (docs/decisions/006-lrs-storage.md). The statement JSON as stored is the immutable record;
 * every column and link row next to it is derived from it at write time, only to answer GET filters with
 * index scans. Paging is a keyset on (stored, sequence), which is why both sit on every link row too.
 */

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const ms = { withTimezone: true, precision: 3 } as const;

/** Scopes of an LRS client, as the xAPI spec names them (OAuth scope vocabulary, 1.0.3 §4.1.9). */
export const LRS_SCOPES = ['statements/write', 'statements/read', 'statements/read/mine', 'state', 'define', 'profile', 'all/read', 'all'] as const;
export type LrsScope = (typeof LRS_SCOPES)[number];

/**
 * Credentials for HTTP Basic auth at /xapi. The secret is 32 random bytes, so a SHA-256 of it is enough
 * (no password stretching: it is not guessable, and every LRS request checks it). A client restricted to an
 * organisation reads only statements written by clients of that organisation.
 */
export const lrsClients = pgTable('lrs_clients', {
	id: uuid().primaryKey().defaultRandom(),
	name: text().notNull(),
	/** The Basic-auth user name; public, shown in lists. */
	key: text().notNull().unique(),
	secretHash: text().notNull(),
	scopes: jsonb().$type<LrsScope[]>().notNull(),
	organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
	createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp(ms).notNull().defaultNow(),
	disabledAt: timestamp(ms)
});

export const xapiStatements = pgTable(
	'xapi_statements',
	{
		/** Monotonic store order; the tie-breaker of the paging keyset and the key of the link rows. */
		sequence: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		id: uuid().notNull().unique(),
		/** The statement as stored (with `stored`, `authority`, `version` set by the LRS). Never updated. */
		raw: jsonb().$type<Record<string, unknown>>().notNull(),
		stored: timestamp(ms).notNull(),
		/**
		 * Canonical inverse functional identifier of the actor (see xapi/ifi.ts), e.g. `mbox:mailto:a@b.c`. Not
		 * indexed: the agent filter walks xapi_statement_agents; exports read it per row.
		 */
		actorIfi: text(),
		verbId: text().notNull(),
		/** Activity, Agent, Group, StatementRef or SubStatement. */
		objectType: text().notNull(),
		/** The activity id, the agent's IFI or the referenced statement id; null for a sub-statement. */
		objectId: text(),
		/** Set for StatementRef objects (voiding included): query filters follow these references. */
		refTarget: uuid(),
		registration: uuid(),
		/** Set when a later `voided` statement targets this one; the raw record itself stays as it was. */
		voided: boolean().notNull().default(false),
		/**
		 * Null for the platform's own statements (learning records); otherwise the client whose credentials wrote
		 * it. No foreign key, like organisationId: PostgreSQL checks one per inserted row, with a share lock on the
		 * client's row that concurrent batches turn into a MultiXact (1-7 ms per batch of 100). The value comes
		 * from the request's authenticated client, and clients are disabled, never deleted.
		 */
		authorityClientId: uuid(),
		/** The writing client's organisation, for organisation-restricted readers. */
		organisationId: uuid()
	},
	(t) => [
		index().on(t.stored, t.sequence),
		index().on(t.verbId, t.stored, t.sequence),
		index().on(t.registration, t.stored, t.sequence),
		index().on(t.authorityClientId, t.stored, t.sequence),
		index()
			.on(t.refTarget)
			.where(sql`${t.refTarget} is not null`)
	]
);

/**
 * Every activity a statement mentions. `primary` = the statement's object (also inside a sub-statement's
 * object): what the `activity` filter matches; all rows match `related_activities=true`.
 *
 * The link tables have no foreign key to xapi_statements: the only writer inserts the rows in the same SQL
 * statement as their statement, and the only deleter (erasure.ts) deletes them with their statements. A
 * foreign key cost a trigger call with a row lock on the statement per link row (~5.5 per statement),
 * 15-20 % of PostgreSQL's work on a batch.
 */
export const xapiStatementActivities = pgTable(
	'xapi_statement_activities',
	{
		/** The statement's sequence. No foreign key (see the comment of xapiStatementActivities). */
		statementSequence: bigint({ mode: 'number' }).notNull(),
		activityId: text().notNull(),
		primary: boolean().notNull(),
		stored: timestamp(ms).notNull()
	},
	// `primary` last: one index walk in (stored, sequence) order serves the activity filter (checking `primary`
	// in the index) and related_activities (not checking it). Keyed by a 64-bit hash of the activity id, like
	// the agents (queries compare both, see query.ts `activityMatches`): activity IRIs are ~90 bytes, and with
	// them as key this index was 867 MB at 1 M statements, the largest thing a batch insert touched.
	// No index on statement_sequence alone (in neither link table): a lookup by statement goes through this
	// index with (key, stored, sequence), and erasure derives the keys from the statement (erasure.ts). It
	// was 5.5 index entries per statement written for nothing but erasure.
	(t) => [index('xapi_statement_activities_activity_hash_stored_sequence_primary_index').on(sql`hashtextextended(${t.activityId}, 0)`, t.stored, t.statementSequence, t.primary)]
);

/**
 * Every agent or identified group a statement mentions, by IFI. `primary` = actor or object (and members
 * of a group there): what the `agent` filter matches; authority, instructor, team, context agents and
 * sub-statement agents are found with `related_agents=true`.
 */
export const xapiStatementAgents = pgTable(
	'xapi_statement_agents',
	{
		/** The statement's sequence. No foreign key (see the comment of xapiStatementActivities). */
		statementSequence: bigint({ mode: 'number' }).notNull(),
		ifi: text().notNull(),
		primary: boolean().notNull(),
		stored: timestamp(ms).notNull()
	},
	// Keyed by a 64-bit hash of the IFI rather than the IFI itself (queries compare both, see query.ts
	// `ifiMatches`): the actors make inserts land on random pages of this index, and with the text key it was
	// 237 MB at 1 M statements, 60 % of the full-page images in the WAL of a batch insert.
	(t) => [
		index('xapi_statement_agents_ifi_hash_stored_sequence_primary_index').on(sql`hashtextextended(${t.ifi}, 0)`, t.stored, t.statementSequence, t.primary)
	]
);

/** Attachment payloads, shared by every statement that names the same SHA-2. */
export const xapiAttachments = pgTable('xapi_attachments', {
	sha2: text().primaryKey(),
	contentType: text().notNull(),
	content: bytea().notNull(),
	length: integer().notNull()
});

/** The canonical definition of every activity, merged from the statements received (1.0.3 §2.4.4.1). */
export const xapiActivities = pgTable('xapi_activities', {
	id: text().primaryKey(),
	definition: jsonb().$type<Record<string, unknown>>().notNull(),
	updatedAt: timestamp(ms).notNull().defaultNow()
});

/** State, activity profile and agent profile documents: the bytes as sent and their content type. */
export const xapiDocuments = pgTable(
	'xapi_documents',
	{
		id: uuid().primaryKey().defaultRandom(),
		kind: text().$type<'state' | 'activity_profile' | 'agent_profile'>().notNull(),
		/** stateId or profileId. */
		documentId: text().notNull(),
		activityId: text(),
		/** Agent's IFI (state and agent profile). */
		agentIfi: text(),
		/** State documents only; null means "no registration". */
		registration: uuid(),
		contentType: text().notNull(),
		content: bytea().notNull(),
		/** SHA-1 hex of the content (1.0.3 ETag). */
		etag: text().notNull(),
		updated: timestamp(ms).notNull(),
		/** Client that last wrote it (null for the platform). */
		clientId: uuid().references(() => lrsClients.id, { onDelete: 'set null' })
	},
	(t) => [
		unique('xapi_documents_key').on(t.kind, t.activityId, t.agentIfi, t.registration, t.documentId).nullsNotDistinct(),
		index().on(t.kind, t.activityId, t.agentIfi, t.updated),
		index().on(t.agentIfi)
	]
);

export type LrsClient = typeof lrsClients.$inferSelect;
export type XapiDocument = typeof xapiDocuments.$inferSelect;
