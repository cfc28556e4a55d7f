import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { resetRequestSchema } from '$lib/schemas/auth';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { parseForm } from '$lib/server/forms';

export const load: PageServerLoad = async ({ url }) => {
	return { title: m.reset_title(), sent: url.searchParams.has('sent') };
};

export const actions: Actions = {
	default: async ({ request }) => {
		const parsed = await parseForm(request, resetRequestSchema);
		if (!parsed.ok) return parsed.failure;
		await getDb().transaction((tx) => requestPasswordReset(tx, { email: parsed.data.email, origin: config().origin }));
		// The same answer whether or not the address has an account.
		redirect(303, '/reset?sent');
	}
};
