import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { certificateSearchSchema } from '$lib/schemas/certificates';
import { requireAdmin } from '$lib/server/auth/guards';
import { findCertificates, registerRow, SEARCH_LIMIT } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const parsed = certificateSearchSchema.safeParse(Object.fromEntries(url.searchParams));
	const q = parsed.success ? parsed.data.q : '';
	const rows = await findCertificates(getDb(), { query: q, issuerOrgIds: null });
	return { title: m.certreg_title(), q, rows: rows.map((c) => registerRow(c)), limit: SEARCH_LIMIT };
};
