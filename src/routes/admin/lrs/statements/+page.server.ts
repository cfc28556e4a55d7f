import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { statementBrowseSchema } from '$lib/schemas/lrs';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { fieldErrors } from '$lib/server/forms';
import { browseStatements } from '$lib/server/xapi/admin';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const raw = Object.fromEntries(['verb', 'activity', 'since', 'until', 'before'].map((k) => [k, url.searchParams.get(k) ?? undefined]));
	const parsed = statementBrowseSchema.safeParse(raw);
	const values = { verb: raw.verb ?? '', activity: raw.activity ?? '', since: raw.since ?? '', until: raw.until ?? '' };
	if (!parsed.success) return { title: m.lrs_browse_title(), values, errors: fieldErrors(parsed.error), statements: [], nextHref: null, isFirstPage: true };
	const result = await browseStatements(getDb(), parsed.data);
	const next = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
	if (result.nextBefore) next.set('before', String(result.nextBefore));
	const first = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
	return {
		title: m.lrs_browse_title(),
		values,
		errors: null,
		statements: result.statements.map((s) => ({ ...s, stored: s.stored.toISOString() })),
		nextHref: result.nextBefore ? `?${next}` : null,
		firstHref: `?${first}`,
		isFirstPage: !parsed.data.before
	};
};
