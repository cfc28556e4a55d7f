import { boolean, index, integer, json, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { courseVersions } from './courses';
import { enrolments } from './learning';

/**
 * One attempt at the scored items of a lesson. `orders` keeps the shuffled order of every item's options
 * for this attempt, so a reload shows the same order. `submittedAt` closes the attempt; it is set once, by
 * a conditional update, so a second concurrent submit finds it closed.
 */
export const attempts = pgTable(
	'attempts',
	{
		id: uuid().primaryKey().defaultRandom(),
		enrolmentId: uuid()
			.notNull()
			.references(() => enrolments.id, { onDelete: 'cascade' }),
		lessonId: text().notNull(),
		versionId: uuid()
			.notNull()
			.references(() => courseVersions.id),
		number: integer().notNull(),
		orders: jsonb().$type<Record<string, string[]>>().notNull(),
		startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		submittedAt: timestamp({ withTimezone: true }),
		score: real(),
		maxScore: real(),
		/** Judged attempts (assessments) only; null for lesson quizzes. */
		passed: boolean()
	},
	(t) => [unique().on(t.enrolmentId, t.lessonId, t.number), index().on(t.enrolmentId, t.lessonId)]
);

export const attemptAnswers = pgTable(
	'attempt_answers',
	{
		attemptId: uuid()
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		itemId: text().notNull(),
		response: jsonb().notNull(),
		score: real().notNull(),
		maxScore: real().notNull(),
		correct: boolean().notNull(),
		answeredAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.attemptId, t.itemId] })]
);

/**
 * Evaluation's copy of each learner's *first submitted* attempt at a lesson's items, one row per learner
 * and lesson with the answers as one small JSON object `{ itemId: [share, choice, choices, value] }`
 * (share = score / max score as real, 0 without points; the option(s) chosen: the response's `choice`,
 * `choices` or `value`). The item analysis of a whole course then concatenates a few thousand prepared
 * texts instead of choosing first attempts and taking every JSON response apart at query time
 * (decision 009). Written in the transaction that closes the attempt (quiz/attempts.ts), by the
 * synthetic generator, and backfilled by the migration; `evaluation/first-answers.ts` holds the definition.
 */
export const evalFirstAttempts = pgTable(
	'eval_first_attempts',
	{
		enrolmentId: uuid()
			.notNull()
			.references(() => enrolments.id, { onDelete: 'cascade' }),
		lessonId: text().notNull(),
		answers: json().notNull()
	},
	(t) => [primaryKey({ columns: [t.enrolmentId, t.lessonId] })]
);

/**
 * Self-assessments, kept apart from scores: never shown to employers or trainers individually, only to the
 * learner and, pseudonymised and aggregated, to evaluation.
 */
export const surveyResponses = pgTable(
	'survey_responses',
	{
		enrolmentId: uuid()
			.notNull()
			.references(() => enrolments.id, { onDelete: 'cascade' }),
		surveyId: text().notNull(),
		phase: text().$type<'pre' | 'post'>().notNull(),
		answers: jsonb().$type<Record<string, number>>().notNull(),
		submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.enrolmentId, t.surveyId, t.phase] })]
);

export type Attempt = typeof attempts.$inferSelect;
export type AttemptAnswer = typeof attemptAnswers.$inferSelect;
