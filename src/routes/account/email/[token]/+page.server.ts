import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { confirmEmailChange, emailChangeLink } from '$lib/server/auth/email-change';
import { formFailure } from '$lib/server/forms';

// Opening the link only shows a button: a mail scanner that follows links must not confirm anything.
export const load: PageServerLoad = async ({ params }) => {
	const link = await emailChangeLink(getDb(), params.token);
	return { title: m.account_email_confirm_title(), state: link.state, newEmail: link.state === 'valid' ? link.newEmail : null };
};

export const actions: Actions = {
	default: async ({ params, locals }) => {
		const result = await getDb().transaction((tx) => confirmEmailChange(tx, params.token));
		if (!result.ok) return formFailure({}, { _form: result.state }, 410);
		redirect(303, locals.user?.id === result.userId ? '/account?saved=email-changed' : '/login?email=changed');
	}
};
