import { z } from 'zod';
import { ORG_TYPES } from '../../vocab';

/**
 * The course format as zod schemas (docs/course-format.md is the prose of this file; keep them in step).
 * Objects are strict: an unknown key is a mistake in a hand-written file, not an extension point.
 * Messages are written for course authors; the validator prefixes them with `file:line:column`.
 */

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const stableId = z.string().regex(ID_PATTERN, 'ids use lowercase a–z, 0–9 and single dashes');
const text = z.string().trim().min(1, 'must not be empty');

export const COMPETENCES = ['knowledge', 'attitude', 'skills'] as const;
export const QUIZ_TYPES = ['single', 'multiple', 'true-false', 'matching', 'ordering', 'cloze'] as const;
export const CALLOUT_KINDS = ['info', 'warning', 'tip'] as const;
export const FEEDBACK_MODES = ['immediate', 'after_attempt', 'never'] as const;
export const BLOCK_KINDS = ['quiz', 'incident', 'survey', 'callout', 'video'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const courseMetaSchema = z.strictObject({
	id: z.uuid('must be a UUID (it never changes: learning records derive from it)'),
	slug: stableId,
	version: z.int('must be a whole number').min(1),
	language: z.enum(['de', 'en']),
	title: text.max(200),
	summary: text.max(300, 'at most 300 characters'),
	audience: z.array(z.enum(ORG_TYPES)).min(1, 'name at least one organisation type'),
	workload_ue: z
		.number()
		.positive()
		.refine((n) => Number.isInteger(n * 2), 'Unterrichtseinheiten in steps of 0.5'),
	objectives: z.array(text).min(1, 'name at least one learning objective'),
	competence: z.array(z.enum(COMPETENCES)).min(1),
	passing_score: z.number().gt(0).max(1).optional(),
	certificate: z.strictObject({
		kind: z.enum(['zertifikat', 'teilnahmebescheinigung']),
		valid_months: z.int().positive().optional()
	}),
	pre_post: stableId.optional(),
	enrolment: z.enum(['self', 'assigned']).default('self'),
	multiple_scoring: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
	glossary: z.array(z.strictObject({ term: text, definition: text })).default([]),
	authors: z.array(text).default([]),
	sources: z.array(text).default([])
});
export type CourseMetaInput = z.input<typeof courseMetaSchema>;
export type CourseMeta = z.output<typeof courseMetaSchema>;

export const lessonMetaSchema = z.strictObject({
	id: stableId,
	title: text.max(200),
	duration_min: z.int().positive().optional(),
	assessment: z.boolean().default(false),
	feedback: z.enum(FEEDBACK_MODES).optional(),
	max_attempts: z.int().positive().optional()
});
export type LessonMeta = z.output<typeof lessonMetaSchema>;

const feedbackSchema = z.strictObject({ correct: text.optional(), incorrect: text.optional() }).optional();
const quizBase = {
	id: stableId,
	points: z.number().positive().default(1),
	shuffle: z.boolean().optional(),
	prompt: text,
	feedback: feedbackSchema
};
const choiceOption = z.strictObject({
	id: stableId,
	text,
	correct: z.boolean().default(false),
	feedback: text.optional()
});

export const quizSchema = z.discriminatedUnion(
	'type',
	[
		z.strictObject({ ...quizBase, type: z.literal('single'), options: z.array(choiceOption).min(2) }),
		z.strictObject({ ...quizBase, type: z.literal('multiple'), options: z.array(choiceOption).min(2) }),
		z.strictObject({ ...quizBase, type: z.literal('true-false'), answer: z.boolean() }),
		z.strictObject({
			...quizBase,
			type: z.literal('matching'),
			pairs: z.array(z.strictObject({ id: stableId, left: text, right: text })).min(2, 'at least 2 pairs')
		}),
		z.strictObject({
			...quizBase,
			type: z.literal('ordering'),
			items: z.array(z.strictObject({ id: stableId, text })).min(3, 'at least 3 items')
		}),
		z.strictObject({
			...quizBase,
			type: z.literal('cloze'),
			text,
			gaps: z.record(stableId, z.array(z.coerce.string().trim().min(1)).min(1, 'at least one accepted answer')),
			case_sensitive: z.boolean().default(false)
		})
	],
	{ error: () => `type must be one of: ${QUIZ_TYPES.join(', ')}` }
);
export type QuizInput = z.output<typeof quizSchema>;

export const incidentSchema = z.strictObject({
	id: stableId,
	points: z.int().min(1).default(3),
	rate_each: z.boolean().default(false),
	shuffle: z.boolean().optional(),
	situation: text,
	question: text,
	options: z
		.array(z.strictObject({ id: stableId, text, rating: z.int().min(0), feedback: text }))
		.min(3, 'a critical incident has 3–4 options')
		.max(4, 'a critical incident has 3–4 options')
});
export type IncidentInput = z.output<typeof incidentSchema>;

export const surveySchema = z.strictObject({
	id: stableId,
	scale: z.union([z.tuple([z.literal(1), z.literal(5)]), z.tuple([z.literal(1), z.literal(7)])], {
		error: () => 'scale is [1, 5] or [1, 7]'
	}),
	labels: z.record(z.string().regex(/^\d+$/), text).optional(),
	items: z
		.array(z.strictObject({ id: stableId, text, dimension: z.enum(COMPETENCES).optional() }))
		.min(1, 'at least one item')
});
export type SurveyInput = z.output<typeof surveySchema>;

export const videoSchema = z.strictObject({
	id: stableId.optional(),
	src: text,
	captions: text,
	title: text,
	poster: text.optional(),
	transcript: text
});
export type VideoInput = z.output<typeof videoSchema>;

export const BLOCK_SCHEMAS = {
	quiz: quizSchema,
	incident: incidentSchema,
	survey: surveySchema,
	video: videoSchema
} as const;
