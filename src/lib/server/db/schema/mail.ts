import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

import type { Locale } from '../../../vocab';

/**
 * Every e-mail the platform sends, written in the same transaction as the action that causes it (a reset
 * request, an invitation …), so a mail exists exactly when its action committed. The worker in the server
 * process delivers `pending` rows; without SMTP rows are `held` and shown in the admin's dev outbox.
 */
export const MAIL_STATUSES = ['held', 'pending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		/** Template name (`password_reset`, `invitation` …), for the outbox list and for statistics. */
		kind: text().notNull(),
		recipient: text().notNull(),
		locale: text().$type<Locale>().notNull(),
		subject: text().notNull(),
		/** Bodies are dropped once a mail is sent: they may hold one-time links nobody should read later. */
		textBody: text(),
		htmlBody: text(),
		status: text().$type<MailStatus>().notNull(),
		attempts: integer().notNull().default(0),
		nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Lease of the worker that is sending the row; another process skips it until the lease ends. */
		lockedUntil: timestamp({ withTimezone: true }),
		lastError: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp({ withTimezone: true })
	},
	(t) => [index().on(t.status, t.nextAttemptAt), index().on(t.createdAt)]
);

export type OutboxMail = typeof mailOutbox.$inferSelect;
