import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/** The scopes an admin may grant, as the xAPI spec names them (kept in step with db/schema/xapi.ts LRS_SCOPES). */
export const LRS_CLIENT_SCOPES = ['statements/write', 'statements/read', 'statements/read/mine', 'state', 'define', 'profile', 'all/read', 'all'] as const;

const asArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const lrsClientSchema = z.object({
	name: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(2, { error: () => m.error_required() })
		.max(200, { error: () => m.error_too_long({ max: 200 }) }),
	scopes: z.preprocess(
		asArray,
		z.array(z.enum(LRS_CLIENT_SCOPES, { error: () => m.error_choice() })).min(1, { error: () => m.lrs_error_scopes() })
	),
	organisationId: z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(z.uuid({ error: () => m.error_choice() }).nullable())
});

export const lrsClientIdSchema = z.object({ id: z.uuid({ error: () => m.error_choice() }) });

/** A date field (YYYY-MM-DD) read as the start of that day in UTC; empty means "no bound". */
const dateOrEmpty = () =>
	z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(
			z
				.string()
				.regex(/^\d{4}-\d{2}-\d{2}$/, { error: () => m.error_date() })
				.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: () => m.error_date() })
				.transform((v) => new Date(`${v}T00:00:00Z`))
				.nullable()
		);

const iriOrEmpty = () =>
	z
		.string()
		.trim()
		.max(2000, { error: () => m.error_too_long({ max: 2000 }) })
		.optional()
		.transform((v) => (v ? v : null));

/** The statement browser's query string; `until` includes the whole day given. */
export const statementBrowseSchema = z.object({
	verb: iriOrEmpty(),
	activity: iriOrEmpty(),
	since: dateOrEmpty(),
	until: dateOrEmpty().transform((d) => (d ? new Date(d.getTime() + 86_400_000) : null)),
	before: z.coerce.number().int().positive().optional().catch(undefined)
});

/** Retention purge: statements stored before this day go. */
export const retentionSchema = z.object({
	before: z
		.string({ error: () => m.error_date() })
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: () => m.error_date() })
		.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: () => m.error_date() })
});
