import { integer, pgTable, primaryKey, text, timestamp, uuid, customType, index } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { organisations } from './orgs';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * A course written in the browser: owned by one organisation, keyed by the UUID of its course.md (which never
 * changes), so a published draft and its `courses` row share the id. The draft is a working copy; learners
 * only ever see published versions.
 */
export const courseDrafts = pgTable(
	'course_drafts',
	{
		courseId: uuid().primaryKey(),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		/** The folder name: course.md's `slug` must equal it (the validator checks), so it is fixed at creation. */
		slug: text().notNull().unique(),
		archivedAt: timestamp({ withTimezone: true }),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.organisationId)]
);

/**
 * The files of a draft, exactly the files of a `courses/<slug>/` folder. `revision` counts saves of one file:
 * a save names the revision it started from, so two people saving the same file cannot overwrite each other.
 */
export const courseDraftFiles = pgTable(
	'course_draft_files',
	{
		courseId: uuid()
			.notNull()
			.references(() => courseDrafts.courseId, { onDelete: 'cascade' }),
		path: text().notNull(),
		bytes: bytea().notNull(),
		revision: integer().notNull().default(1),
		updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.courseId, t.path] })]
);

/** People who may edit a draft besides the trainers of the owning organisation. */
export const courseCoauthors = pgTable(
	'course_coauthors',
	{
		courseId: uuid()
			.notNull()
			.references(() => courseDrafts.courseId, { onDelete: 'cascade' }),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.courseId, t.userId] }), index().on(t.userId)]
);

export type CourseDraft = typeof courseDrafts.$inferSelect;
