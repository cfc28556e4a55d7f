import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

const optionalText = (max: number) =>
	z
		.string()
		.optional()
		.transform((v) => (v ?? '').trim())
		.pipe(z.string().max(max, { error: () => m.error_too_long({ max }) }));

/** Name and address are optional: people may report a barrier anonymously; without an address we cannot answer. */
export const accessibilityFeedbackSchema = z.object({
	name: optionalText(120),
	email: optionalText(254).pipe(z.union([z.literal(''), z.email({ error: () => m.error_email() })])),
	page: optionalText(500),
	message: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(5000, { error: () => m.error_too_long({ max: 5000 }) })
});

const markdown = () => optionalText(50_000);

export const legalTextSchema = z.object({ de: markdown(), en: markdown() });

export const accessibilityStatementFormSchema = z.object({
	status: z.enum(['full', 'partial', 'none'], { error: () => m.error_choice() }),
	preparedOn: z.iso.date({ error: () => m.error_date() }),
	method: z.enum(['self', 'external'], { error: () => m.error_choice() }),
	knownIssues_de: markdown(),
	knownIssues_en: markdown(),
	enforcement_de: markdown(),
	enforcement_en: markdown()
});
