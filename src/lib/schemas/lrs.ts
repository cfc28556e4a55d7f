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

export const FORWARD_VERSION_OPTIONS = ['1.0.3', '2.0.0'] as const;

/** One IRI per line (or separated by spaces or commas); empty means "no filter". */
const iriList = () =>
	z
		.string()
		.optional()
		.transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean))
		.pipe(z.array(z.string().max(2000).regex(/^[a-z][a-z0-9+.-]*:\S+$/i, { error: () => m.lrs_forward_error_iri() })).max(50, { error: () => m.lrs_forward_error_iri() }));

/** A forwarding target; `password` may stay empty when editing (the stored one is kept). */
export const forwardTargetSchema = z.object({
	id: z.uuid().optional().or(z.literal('').transform(() => undefined)),
	name: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(2, { error: () => m.error_required() })
		.max(200, { error: () => m.error_too_long({ max: 200 }) }),
	endpoint: z
		.string({ error: () => m.error_required() })
		.trim()
		.max(2000, { error: () => m.error_too_long({ max: 2000 }) })
		.refine((v) => {
			try {
				const u = new URL(v);
				return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.search && !u.hash;
			} catch {
				return false;
			}
		}, { error: () => m.lrs_forward_error_endpoint() }),
	username: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(500, { error: () => m.error_too_long({ max: 500 }) }),
	password: z
		.string()
		.max(500, { error: () => m.error_too_long({ max: 500 }) })
		.optional()
		.transform((v) => (v ? v : null)),
	version: z.enum(FORWARD_VERSION_OPTIONS, { error: () => m.error_choice() }),
	verbs: iriList(),
	activities: iriList(),
	organisationId: z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(z.uuid({ error: () => m.error_choice() }).nullable())
});

export const forwardTargetIdSchema = z.object({ id: z.uuid({ error: () => m.error_choice() }) });
