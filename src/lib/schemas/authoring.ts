import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

const required = (max: number) =>
	z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(max, { error: () => m.error_too_long({ max }) });

/** Folder names and lesson ids: lowercase a–z, 0–9 and dashes, as the course format demands. */
export const slugField = required(80).refine((v) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v), { error: () => m.author_error_slug() });

export const newCourseSchema = z.object({
	title: required(200),
	slug: slugField,
	organisationId: z.string().trim().optional()
});

export const duplicateSchema = z.object({ title: required(200), slug: slugField });

export const publishSchema = z.object({ note: required(500) });

export const coauthorSchema = z.object({ email: required(254).pipe(z.email({ error: () => m.error_email() })) });

export const removeCoauthorSchema = z.object({ userId: z.uuid() });

/** A lesson file name without the number: the number comes from its place in the course. */
export const lessonNameSchema = z.object({ name: slugField, title: required(200) });

export const renameLessonSchema = z.object({ path: z.string().max(200), name: slugField });

export const fileSchema = z.object({ path: z.string().min(1).max(200) });

export const moveLessonSchema = z.object({ path: z.string().max(200), direction: z.enum(['up', 'down']) });

export const saveFileSchema = z.object({
	content: z.string().max(1_000_000, { error: () => m.error_too_long({ max: 1_000_000 }) }),
	revision: z.coerce.number().int().min(0)
});

export const rollbackSchema = z.object({ number: z.coerce.number().int().min(1) });
