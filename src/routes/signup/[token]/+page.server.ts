import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { confirmSignup, signupLinkState } from '$lib/server/auth/signup';
import { startSession } from '$lib/server/auth/start-session';
import { formFailure } from '$lib/server/forms';

// Opening the link only shows a button: mail scanners that fetch links must not use it up.
export const load: PageServerLoad = async ({ params }) => {
	return { title: m.signup_confirm_title(), state: await signupLinkState(getDb(), params.token) };
};

export const actions: Actions = {
	default: async ({ params, cookies, locals, request, url }) => {
		const db = getDb();
		const result = await db.transaction((tx) => confirmSignup(tx, params.token));
		if (!result.ok) return formFailure({}, { _form: result.state });
		await startSession(db, {
			userId: result.userId,
			cookies,
			previousSessionId: locals.session?.id,
			userAgent: request.headers.get('user-agent'),
			secure: url.protocol === 'https:'
		});
		redirect(303, '/learn?welcome=1');
	}
};
