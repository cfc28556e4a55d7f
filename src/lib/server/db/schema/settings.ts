import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** Site-wide settings an admin can change at run time (sign-up allowed, legal page texts …). */
export const settings = pgTable('settings', {
	key: text().primaryKey(),
	value: jsonb().notNull(),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	updatedBy: uuid().references(() => users.id, { onDelete: 'set null' })
});
