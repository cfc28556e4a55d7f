import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

export const ACCOUNT_TOKEN_PURPOSES = ['password_reset', 'email_change', 'signup_confirm'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/**
 * One-time links sent by mail (password reset, e-mail change, sign-up confirmation). Like sessions, only the SHA-256 of the token
 * is stored. Used tokens are kept until they expire, so a second click gets "already used" rather than
 * "unknown link".
 */
export const accountTokens = pgTable(
	'account_tokens',
	{
		id: text().primaryKey(),
		purpose: text().$type<AccountTokenPurpose>().notNull(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** For `email_change`: the address that becomes the account's once confirmed. */
		newEmail: text(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.userId, t.purpose), index().on(t.expiresAt)]
);

export type AccountToken = typeof accountTokens.$inferSelect;
