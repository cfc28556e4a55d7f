import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** Who changed what, when. Rows are never updated; the actor reference survives as null after erasure. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
		action: text().notNull(),
		targetType: text().notNull(),
		targetId: text(),
		details: jsonb().$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [index().on(t.at), index().on(t.targetType, t.targetId)]
);

export type AuditEntry = typeof auditLog.$inferSelect;
