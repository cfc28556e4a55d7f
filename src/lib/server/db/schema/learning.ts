import { index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { courses, courseVersions } from './courses';

/**
 * A learner in a course. The id doubles as the xAPI registration (one UUID per enrolment). The learner
 * works on `versionId` until the course is completed; progress is keyed by the course's stable lesson ids.
 */
export const enrolments = pgTable(
	'enrolments',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: uuid()
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		versionId: uuid()
			.notNull()
			.references(() => courseVersions.id),
		/** `self` (the learner enrolled), `assigned` (an organisation did, #6). */
		source: text().$type<'self' | 'assigned'>().notNull().default('self'),
		/** Content language the learner chose for this course; null follows the interface language. */
		language: text().$type<'de' | 'en'>(),
		enrolledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastLessonId: text(),
		lastActiveAt: timestamp({ withTimezone: true }),
		completedAt: timestamp({ withTimezone: true }),
		passedAt: timestamp({ withTimezone: true })
	},
	(t) => [unique().on(t.userId, t.courseId), index().on(t.courseId)]
);

export const lessonProgress = pgTable(
	'lesson_progress',
	{
		enrolmentId: uuid()
			.notNull()
			.references(() => enrolments.id, { onDelete: 'cascade' }),
		lessonId: text().notNull(),
		openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		completedAt: timestamp({ withTimezone: true })
	},
	(t) => [primaryKey({ columns: [t.enrolmentId, t.lessonId] })]
);

export type Enrolment = typeof enrolments.$inferSelect;
export type LessonProgress = typeof lessonProgress.$inferSelect;
