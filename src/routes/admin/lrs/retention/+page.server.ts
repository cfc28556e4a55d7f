import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { retentionSchema } from '$lib/schemas/lrs';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listAudit, writeAudit } from '$lib/server/audit';
import { fieldErrors, parseForm } from '$lib/server/forms';
import { countStatementsStoredBefore, purgeStatementsStoredBefore } from '$lib/server/xapi/erasure';

const day = (v: string) => new Date(`${v}T00:00:00Z`);

/** `?before=YYYY-MM-DD` is the dry run: it counts and asks for confirmation; nothing is deleted by a GET. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	const before = url.searchParams.get('before');
	let dryRun: { before: string; statements: number; oldest: string | null } | null = null;
	let errors: Record<string, string> | null = null;
	if (before !== null) {
		const parsed = retentionSchema.safeParse({ before });
		if (!parsed.success) errors = fieldErrors(parsed.error);
		else {
			const counted = await countStatementsStoredBefore(db, day(parsed.data.before));
			dryRun = { before: parsed.data.before, statements: counted.statements, oldest: counted.oldest?.toISOString() ?? null };
		}
	}
	return {
		title: m.lrs_retention_title(),
		before: before ?? '',
		errors,
		dryRun,
		done: url.searchParams.get('deleted'),
		history: (await listAudit(db, { targetType: 'lrs_retention', limit: 10 })).entries.map((e) => ({ ...e, at: e.at.toISOString() }))
	};
};

export const actions: Actions = {
	purge: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const parsed = await parseForm(request, retentionSchema);
		if (!parsed.ok) return parsed.failure;
		const counts = await getDb().transaction(async (tx) => {
			const c = await purgeStatementsStoredBefore(tx, day(parsed.data.before));
			await writeAudit(tx, { actorId: admin.id, action: 'lrs.retention_purge', targetType: 'lrs_retention', details: { storedBefore: parsed.data.before, ...c } });
			return c;
		});
		redirect(303, `/admin/lrs/retention?deleted=${counts.statements}`);
	}
};
