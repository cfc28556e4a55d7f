import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { countOutbox, listOutbox } from '$lib/server/mail';

const query = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	const { before } = query.parse(Object.fromEntries(url.searchParams));
	const { mails, nextBefore } = await listOutbox(db, { before });
	const counts = Object.fromEntries((await countOutbox(db)).map((c) => [c.status, c.n]));
	return {
		title: m.admin_mail(),
		smtp: Boolean(config().SMTP_URL),
		counts: { held: counts.held ?? 0, pending: counts.pending ?? 0, sent: counts.sent ?? 0, failed: counts.failed ?? 0 },
		mails: mails.map((x) => ({ ...x, createdAt: x.createdAt.toISOString(), sentAt: x.sentAt?.toISOString() ?? null })),
		nextBefore
	};
};
