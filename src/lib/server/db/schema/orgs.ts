import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
		contactEmail: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.type), index().on(t.regionAgs)]
);

export type Organisation = typeof organisations.$inferSelect;
