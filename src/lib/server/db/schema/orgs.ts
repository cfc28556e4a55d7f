import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

import type { OrgType } from '../../../vocab';
export { ORG_TYPES, type OrgType } from '../../../vocab';

export const organisations = pgTable(
	'organisations',
	{
		id: uuid().primaryKey().defaultRandom(),
		name: text().notNull(),
		type: text().$type<OrgType>().notNull(),
		/** Kreisschlüssel (AGS, 5 digits) of the Landkreis / kreisfreie Stadt, from src/lib/regions. */
		regionAgs: text().notNull(),
		/** Contact for questions about the organisation's training (shown to its members and the admins). */
		contactName: text(),
		contactEmail: text(),
		contactPhone: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.type), index().on(t.regionAgs)]
);

/** Sub-units one level deep (Fachbereich, Abteilung, Team). A member belongs to at most one. */
export const organisationUnits = pgTable(
	'organisation_units',
	{
		id: uuid().primaryKey().defaultRandom(),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('organisation_units_name').on(t.organisationId, t.name)]
);

export type Organisation = typeof organisations.$inferSelect;
export type OrganisationUnit = typeof organisationUnits.$inferSelect;
