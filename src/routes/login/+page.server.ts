import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { loginSchema, safeRedirect } from '$lib/schemas/auth';
import { homeFor } from '$lib/roles';
import { getDb } from '$lib/server/db';
import { attemptLogin } from '$lib/server/auth/login';
import { resendSignupConfirmation } from '$lib/server/auth/signup';
import { config } from '$lib/server/config';
import { startSession } from '$lib/server/auth/start-session';
import { formFailure, parseForm } from '$lib/server/forms';
import { setLocaleCookie } from '$lib/server/i18n';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo'), homeFor(locals.user.roles.map((r) => r.role))));
	return {
		title: m.login_title(),
		redirectTo: safeRedirect(url.searchParams.get('redirectTo'), ''),
		resetDone: url.searchParams.get('reset') === 'done',
		emailChanged: url.searchParams.get('email') === 'changed'
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, locals, url }) => {
		const parsed = await parseForm(request, loginSchema);
		if (!parsed.ok) return parsed.failure;
		const db = getDb();
		const result = await attemptLogin(db, { ...parsed.data, ip: getClientAddress() });
		if (!result.ok) {
			if (result.reason === 'rate_limited') {
				return formFailure(parsed.values, { _form: m.login_rate_limited({ minutes: result.retryAfterMinutes }) }, 429);
			}
			if (result.reason === 'unconfirmed') {
				await db.transaction((tx) => resendSignupConfirmation(tx, result.userId, config().origin));
				return formFailure(parsed.values, { _form: m.login_unconfirmed() });
			}
			return formFailure(parsed.values, { _form: m.login_invalid() });
		}
		const secure = url.protocol === 'https:';
		await startSession(db, {
			userId: result.userId,
			cookies,
			previousSessionId: locals.session?.id,
			userAgent: request.headers.get('user-agent'),
			secure
		});
		setLocaleCookie(cookies, result.locale, secure);
		redirect(303, safeRedirect(parsed.data.redirectTo, homeFor(result.roles)));
	}
};
