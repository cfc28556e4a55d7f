import type { PageServerLoad } from './$types';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listAudit } from '$lib/server/audit';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const before = z.coerce.number().int().positive().optional().catch(undefined).parse(url.searchParams.get('before') ?? undefined);
	const { entries, nextBefore } = await listAudit(getDb(), { before, limit: 50 });
	return {
		title: m.admin_audit(),
		entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
		nextBefore,
		isFirstPage: !before
	};
};
