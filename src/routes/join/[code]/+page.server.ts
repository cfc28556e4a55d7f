import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { joinRegisterSchema } from '$lib/schemas/auth';
import { requireUser } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { findJoinCode, joinWithCode, registerWithJoinCode } from '$lib/server/orgs/join-codes';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	if (url.searchParams.has('sent')) return { title: m.signup_sent_title(), valid: true as const, sent: true as const, organisation: '', unit: null, membership: 'anonymous' as const };
	const target = await findJoinCode(getDb(), params.code);
	if (!target) return { title: m.invite_join_title(), valid: false as const, sent: false as const };
	const user = locals.user;
	const membership = !user ? 'anonymous' : !user.organisationId ? 'none' : user.organisationId === target.organisationId ? 'same' : 'elsewhere';
	return { title: m.invite_join_title(), valid: true as const, sent: false as const, organisation: target.organisationName, unit: target.unitName, membership };
};

export const actions: Actions = {
	register: async ({ request, params, locals }) => {
		if (locals.user) error(400, 'already logged in');
		const parsed = await parseForm(request, joinRegisterSchema);
		if (!parsed.ok) return parsed.failure;
		const ok = await getDb().transaction((tx) =>
			registerWithJoinCode(tx, params.code, { ...parsed.data, locale: getLocale() as 'de' | 'en', origin: config().origin })
		);
		if (!ok) return formFailure(parsed.values, { _form: m.invite_join_code_gone() }, 410);
		// Same answer for new and known addresses; the account works once the mailed link is followed.
		redirect(303, `/join/${params.code}?sent`);
	},
	join: async ({ params, locals, url }) => {
		const user = requireUser(locals, url);
		const result = await getDb().transaction((tx) => joinWithCode(tx, params.code, user.id));
		if (result === 'invalid') return formFailure({}, { _form: m.invite_join_code_gone() }, 410);
		if (result === 'member_elsewhere') return formFailure({}, { _form: m.invite_join_member_elsewhere() }, 409);
		redirect(303, '/account?saved=joined');
	}
};
