import { bigint, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, organisationUnits } from './orgs';

import type { Locale, Role } from '../../../vocab';
export { ROLES, LOCALES, type Role, type Locale } from '../../../vocab';

export const users = pgTable(
	'users',
	{
		id: uuid().primaryKey().defaultRandom(),
		/** Stored lower-cased; uniqueness is case-insensitive by construction. */
		email: text().notNull().unique(),
		name: text().notNull(),
		/** Null until the person sets a password (e.g. an invitation not yet accepted). */
		passwordHash: text(),
		locale: text().$type<Locale>().notNull().default('de'),
		organisationId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
		/** Unit within the organisation; always one of `organisationId`'s units (the orgs capability sees to it). */
		unitId: uuid().references(() => organisationUnits.id, { onDelete: 'set null' }),
		/**
		 * Opaque id used as the xAPI actor's account name. Not the primary key, so statements never carry a
		 * database id, and erasing the person removes the only link between the two.
		 */
		actorId: text().notNull().unique(),
		/**
		 * When the person proved the address is theirs (sign-up link, invitation link). Accounts an admin creates
		 * count as confirmed. Unconfirmed accounts cannot log in.
		 */
		emailConfirmedAt: timestamp({ withTimezone: true }),
		deactivatedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastLoginAt: timestamp({ withTimezone: true })
	},
	(t) => [index().on(t.organisationId)]
);

/**
 * A user may hold several roles; a role may be scoped to one organisation (an org_manager manages one
 * organisation, an evaluator may be limited to one). `organisationId` null = not scoped.
 */
export const userRoles = pgTable(
	'user_roles',
	{
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text().$type<Role>().notNull(),
		organisationId: uuid().references(() => organisations.id, { onDelete: 'cascade' })
	},
	(t) => [
		unique('user_roles_unique').on(t.userId, t.role, t.organisationId).nullsNotDistinct(),
		index().on(t.role)
	]
);

/** Lucia-style sessions: the id is the SHA-256 of the token the browser holds, never the token itself. */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		userAgent: text()
	},
	(t) => [index().on(t.userId), index().on(t.expiresAt)]
);

/** Failed logins, keyed by account (hashed e-mail) and by client address, for the login rate limit. */
export const loginFailures = pgTable(
	'login_failures',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		key: text().notNull(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.key, t.at)]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type UserRole = typeof userRoles.$inferSelect;

