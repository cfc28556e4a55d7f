import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/** A new study: a name and, optionally, the organisation its exports are limited to. */
export const studySchema = z.object({
	name: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(2, { error: () => m.error_required() })
		.max(200, { error: () => m.error_too_long({ max: 200 }) }),
	organisationId: z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(z.uuid({ error: () => m.error_choice() }).nullable())
});

export const studyIdSchema = z.object({ id: z.uuid({ error: () => m.error_choice() }) });
