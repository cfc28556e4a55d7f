import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { completeErasure, listErasureRequests } from '$lib/server/privacy/erasure';

const idSchema = z.object({ id: z.uuid() });

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const { pending, completed } = await listErasureRequests(getDb());
	const delayDays = config().ERASURE_DELAY_DAYS;
	const confirmId = url.searchParams.get('confirm');
	return {
		title: m.admin_erasure_title(),
		pending: pending.map((p) => ({
			id: p.id,
			name: p.name,
			email: p.email,
			requestedAt: p.requestedAt.toISOString(),
			dueAt: delayDays ? new Date(p.requestedAt.getTime() + delayDays * 86_400_000).toISOString() : null
		})),
		completed: completed.map((c) => ({
			id: c.id,
			requestedAt: c.requestedAt.toISOString(),
			completedAt: c.completedAt?.toISOString() ?? null,
			completedBy: c.completedBy,
			outcome: c.outcome ?? {}
		})),
		confirm: pending.find((p) => p.id === confirmId)?.id ?? null,
		done: url.searchParams.has('done')
			? { statements: Number(url.searchParams.get('statements') ?? 0), certificates: Number(url.searchParams.get('certificates') ?? 0) }
			: null
	};
};

export const actions: Actions = {
	complete: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const form = idSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!form.success) error(400, 'bad request');
		const result = await getDb().transaction((tx) => completeErasure(tx, form.data.id, admin.id));
		if (!result.ok) {
			if (result.error === 'last_admin') return { lastAdmin: true };
			error(404, 'not found'); // already completed or withdrawn meanwhile
		}
		redirect(303, `/admin/erasure?done=1&statements=${result.outcome.statements}&certificates=${result.outcome.certificatesKept}`);
	}
};
