import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { resetSchema } from '$lib/schemas/auth';
import { getDb } from '$lib/server/db';
import { completePasswordReset, resetLinkState } from '$lib/server/auth/reset';
import { deleteSessionCookie } from '$lib/server/auth/session';
import { formFailure, parseForm } from '$lib/server/forms';

// The link is opened with GET (mail scanners do that too), so only the POST of the form uses it up.
export const load: PageServerLoad = async ({ params }) => {
	return { title: m.reset_new_title(), state: await resetLinkState(getDb(), params.token) };
};

export const actions: Actions = {
	default: async ({ request, params, cookies, url }) => {
		const parsed = await parseForm(request, resetSchema);
		if (!parsed.ok) return parsed.failure;
		const result = await getDb().transaction((tx) => completePasswordReset(tx, params.token, parsed.data.password));
		if (!result.ok) return formFailure({}, { _form: result.state }, 410);
		// Every session has ended, this browser's too.
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/login?reset=done');
	}
};
