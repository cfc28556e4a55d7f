import { redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { erasureRequestSchema } from '$lib/schemas/auth';
import { requireUser } from '$lib/server/auth/guards';
import { verifyPassword } from '$lib/server/auth/password';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { formFailure, parseForm } from '$lib/server/forms';
import { pendingErasureOf, requestErasure, withdrawErasure } from '$lib/server/privacy/erasure';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const pending = await pendingErasureOf(getDb(), user.id);
	const delayDays = config().ERASURE_DELAY_DAYS;
	return {
		title: m.account_data_title(),
		delayDays,
		erasure: pending
			? {
					requestedAt: pending.requestedAt.toISOString(),
					dueAt: delayDays ? new Date(pending.requestedAt.getTime() + delayDays * 86_400_000).toISOString() : null
				}
			: null,
		confirm: url.searchParams.get('confirm') === 'erasure',
		done: url.searchParams.get('erasure')
	};
};

export const actions: Actions = {
	request: async ({ request, locals }) => {
		const user = requireUser(locals);
		const parsed = await parseForm(request, erasureRequestSchema);
		if (!parsed.ok) return parsed.failure;
		const db = getDb();
		const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
		if (!row?.hash || !(await verifyPassword(row.hash, parsed.data.current_password))) {
			return formFailure(parsed.values, { current_password: m.account_current_password_wrong() });
		}
		await db.transaction((tx) => requestErasure(tx, user.id));
		redirect(303, '/account/data?erasure=requested');
	},
	withdraw: async ({ locals }) => {
		const user = requireUser(locals);
		await getDb().transaction((tx) => withdrawErasure(tx, user.id));
		redirect(303, '/account/data?erasure=withdrawn');
	}
};
