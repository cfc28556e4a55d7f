import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { signupSchema } from '$lib/schemas/auth';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { getSetting } from '$lib/server/settings';
import { requestSignup } from '$lib/server/auth/signup';
import { parseForm } from '$lib/server/forms';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, '/');
	if (!(await getSetting(getDb(), 'signup_allowed'))) error(404, 'not found');
	return { title: url.searchParams.has('sent') ? m.signup_sent_title() : m.signup_title(), sent: url.searchParams.has('sent') };
};

export const actions: Actions = {
	default: async ({ request }) => {
		const db = getDb();
		if (!(await getSetting(db, 'signup_allowed'))) error(404, 'not found');
		const parsed = await parseForm(request, signupSchema);
		if (!parsed.ok) return parsed.failure;
		const { name, email, password } = parsed.data;
		await db.transaction((tx) =>
			requestSignup(tx, { name, email, password, locale: getLocale() as 'de' | 'en', origin: config().origin })
		);
		// The same page whether the address was new or known (no account enumeration).
		redirect(303, '/signup?sent');
	}
};
