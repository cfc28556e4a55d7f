import type { PageServerLoad } from './$types';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { ORG_TYPES } from '$lib/vocab';
import { regionLabel } from '$lib/regions';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listOrganisations } from '$lib/server/orgs';

const query = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	type: z.enum(ORG_TYPES).optional().catch(undefined)
});

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const q = query.parse(Object.fromEntries(url.searchParams));
	const orgs = await listOrganisations(getDb(), q);
	return {
		title: m.admin_organisations(),
		query: q,
		organisations: orgs.map((o) => ({ ...o, region: regionLabel(o.regionAgs) })),
		saved: url.searchParams.get('saved')
	};
};
