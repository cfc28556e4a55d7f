import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { signupSchema } from '$lib/schemas/auth';
import { getDb } from '$lib/server/db';
import { getSetting } from '$lib/server/settings';
import { createUser, EmailTakenError } from '$lib/server/users';
import { startSession } from '$lib/server/auth/start-session';
import { formFailure, parseForm } from '$lib/server/forms';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/');
	if (!(await getSetting(getDb(), 'signup_allowed'))) error(404, 'not found');
	return { title: m.signup_title() };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const db = getDb();
		if (!(await getSetting(db, 'signup_allowed'))) error(404, 'not found');
		const parsed = await parseForm(request, signupSchema);
		if (!parsed.ok) return parsed.failure;
		const { name, email, password } = parsed.data;
		let userId: string;
		try {
			const user = await db.transaction((tx) =>
				createUser(tx, { name, email, password, locale: getLocale() as 'de' | 'en', roles: [{ role: 'learner', organisationId: null }] }, null)
			);
			userId = user.id;
		} catch (err) {
			if (err instanceof EmailTakenError) return formFailure(parsed.values, { email: m.signup_email_unavailable() });
			throw err;
		}
		await startSession(db, {
			userId,
			cookies,
			previousSessionId: locals.session?.id,
			userAgent: request.headers.get('user-agent'),
			secure: url.protocol === 'https:'
		});
		redirect(303, '/learn');
	}
};
