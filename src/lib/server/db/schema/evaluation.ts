import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organisations } from './orgs';

/**
 * Studies of the evaluating university (docs/decisions/009-evaluation-exports.md, "Pseudonyms"): a name and
 * an optional organisation scope. The study key that makes pseudonyms stable across a study's exports is
 * held by the evaluators only; the platform keeps `keyCheck`, an HMAC of the key under a label of its own,
 * so a mistyped key is refused but the pseudonyms cannot be recomputed from what is stored.
 */
export const evaluationStudies = pgTable(
	'evaluation_studies',
	{
		id: uuid().primaryKey(),
		name: text().notNull(),
		/** Null = every organisation (only an unscoped evaluator can create it); a study's exports stay inside it. */
		organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** A closed study can no longer be used for exports. */
		closedAt: timestamp({ withTimezone: true }),
		/** HMAC-SHA-256(key, "lernbruecke-study-check:" + id), hex. Never the key, never the salt. */
		keyCheck: text().notNull()
	},
	(t) => [index().on(t.organisationId)]
);

export type EvaluationStudy = typeof evaluationStudies.$inferSelect;
