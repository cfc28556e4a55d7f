import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { joinRegisterSchema } from '$lib/schemas/auth';
import { requireUser } from '$lib/server/auth/guards';
import { startSession } from '$lib/server/auth/start-session';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { findJoinCode, joinWithCode, registerWithJoinCode } from '$lib/server/orgs/join-codes';
import { EmailTakenError } from '$lib/server/users';

export const load: PageServerLoad = async ({ params, locals }) => {
	const target = await findJoinCode(getDb(), params.code);
	if (!target) return { title: m.invite_join_title(), valid: false as const };
	const user = locals.user;
	const membership = !user ? 'anonymous' : !user.organisationId ? 'none' : user.organisationId === target.organisationId ? 'same' : 'elsewhere';
	return { title: m.invite_join_title(), valid: true as const, organisation: target.organisationName, unit: target.unitName, membership };
};

export const actions: Actions = {
	register: async ({ request, params, locals, cookies, url }) => {
		if (locals.user) error(400, 'already logged in');
		const parsed = await parseForm(request, joinRegisterSchema);
		if (!parsed.ok) return parsed.failure;
		const db = getDb();
		let userId: string;
		try {
			const user = await db.transaction((tx) => registerWithJoinCode(tx, params.code, { ...parsed.data, locale: getLocale() as 'de' | 'en' }));
			if (!user) return formFailure(parsed.values, { _form: m.invite_join_code_gone() }, 410);
			userId = user.id;
		} catch (err) {
			if (err instanceof EmailTakenError) return formFailure(parsed.values, { email: m.invite_join_email_taken() });
			throw err;
		}
		await startSession(db, { userId, cookies, previousSessionId: locals.session?.id, userAgent: request.headers.get('user-agent'), secure: url.protocol === 'https:' });
		redirect(303, '/account?saved=joined');
	},
	join: async ({ params, locals, url }) => {
		const user = requireUser(locals, url);
		const result = await getDb().transaction((tx) => joinWithCode(tx, params.code, user.id));
		if (result === 'invalid') return formFailure({}, { _form: m.invite_join_code_gone() }, 410);
		if (result === 'member_elsewhere') return formFailure({}, { _form: m.invite_join_member_elsewhere() }, 409);
		redirect(303, '/account?saved=joined');
	}
};
