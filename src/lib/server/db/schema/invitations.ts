import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organisations, organisationUnits } from './orgs';

import type { Locale } from '../../../vocab';

/**
 * An invitation into an organisation, sent by mail. The account is created (or an existing one joins) only
 * when the person accepts, so an unanswered invitation holds no account and blocks no address. Only the
 * SHA-256 of the link's token is stored; resending replaces it, which voids the old link.
 */
export const invitations = pgTable(
	'invitations',
	{
		id: uuid().primaryKey().defaultRandom(),
		tokenHash: text().notNull().unique(),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		unitId: uuid().references(() => organisationUnits.id, { onDelete: 'set null' }),
		email: text().notNull(),
		/** Name as the manager typed it (CSV); the person may correct it when accepting. */
		name: text(),
		/** Language of the invitation mail. */
		locale: text().$type<Locale>().notNull().default('de'),
		invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		acceptedAt: timestamp({ withTimezone: true }),
		acceptedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [index().on(t.organisationId, t.createdAt), index().on(t.email)]
);

/**
 * Self-registration into an organisation (or one of its units) with a shared code, e.g. printed on a
 * training announcement. One code per organisation and unit; regenerating replaces it, deleting switches
 * registration off. The code is no personal secret, so it is stored as it is and shown to managers.
 */
export const joinCodes = pgTable(
	'join_codes',
	{
		code: text().primaryKey(),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		unitId: uuid().references(() => organisationUnits.id, { onDelete: 'cascade' }),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('join_codes_scope').on(t.organisationId, t.unitId).nullsNotDistinct()]
);

export type Invitation = typeof invitations.$inferSelect;
export type JoinCode = typeof joinCodes.$inferSelect;
