import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { CourseContent } from '../../courses/model';
import { users } from './auth';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/** A course, identified by the UUID in its course.md (never changes); `liveVersionId` is what new learners get. */
export const courses = pgTable('courses', {
	id: uuid().primaryKey(),
	slug: text().notNull().unique(),
	liveVersionId: uuid(),
	/** Archived by its authors: no longer in the catalogue; enrolled learners keep their access. */
	archivedAt: timestamp({ withTimezone: true }),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/**
 * One imported state of a course folder. Rows are never changed: learners keep the version they enrolled in.
 * `number` counts imports per course (1, 2, …) and names the version in asset URLs; `declaredVersion` is the
 * author's `version` (xAPI context.revision).
 */
export const courseVersions = pgTable(
	'course_versions',
	{
		id: uuid().primaryKey().defaultRandom(),
		courseId: uuid()
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		number: integer().notNull(),
		declaredVersion: integer().notNull(),
		contentHash: text().notNull(),
		content: jsonb().$type<CourseContent>().notNull(),
		/**
		 * The folder's files as path → hash of their bytes in `course_assets` (Markdown included), so any version
		 * can be diffed, exported and republished. Null only for versions imported before this was kept.
		 */
		files: jsonb().$type<Record<string, string>>(),
		/** Who published it in the editor, and their change note; null for imports from `courses/`. */
		publishedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		note: text(),
		importedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.courseId, t.number), index().on(t.courseId, t.contentHash)]
);

/** Asset bytes by content hash: shared by every version that ships the same file, served immutable. */
export const courseAssets = pgTable('course_assets', {
	hash: text().primaryKey(),
	contentType: text().notNull(),
	size: integer().notNull(),
	bytes: bytea().notNull()
});

/**
 * The last import attempt per course folder, for the admin page: a folder that fails validation shows its
 * problems here while the last good version stays live.
 */
export const courseImports = pgTable('course_imports', {
	folder: text().primaryKey(),
	courseId: uuid(),
	attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	ok: boolean().notNull(),
	contentHash: text().notNull(),
	problems: jsonb().$type<{ file: string; line: number; column: number; message: string }[]>().notNull().default([]),
	versionId: uuid().references(() => courseVersions.id, { onDelete: 'set null' })
});

export type Course = typeof courses.$inferSelect;
export type CourseVersion = typeof courseVersions.$inferSelect;
export type CourseImport = typeof courseImports.$inferSelect;
