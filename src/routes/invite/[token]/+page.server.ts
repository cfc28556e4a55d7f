import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { inviteAcceptSchema } from '$lib/schemas/auth';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { startSession } from '$lib/server/auth/start-session';
import { acceptInvitation, viewInvitation, type InvitationView } from '$lib/server/orgs/invitations';

type Mode = 'register' | 'join' | 'login' | 'wrong_account';

function modeOf(view: InvitationView, userId: string | null): Mode {
	if (view.account) return !userId ? 'login' : userId === view.account.id ? 'join' : 'wrong_account';
	return userId ? 'wrong_account' : 'register';
}

// Opening the link only shows the page (mail scanners open links too); accepting is the form's POST.
export const load: PageServerLoad = async ({ params, locals }) => {
	const view = await viewInvitation(getDb(), params.token);
	if (view.state !== 'valid' || !view.invitation) return { title: m.invite_accept_title(), state: view.state };
	return {
		title: m.invite_accept_title(),
		state: view.state,
		mode: modeOf(view, locals.user?.id ?? null),
		organisation: view.organisation!.name,
		unit: view.unitName ?? null,
		email: view.invitation.email,
		name: view.invitation.name ?? '',
		currentEmail: locals.user?.email ?? null
	};
};

export const actions: Actions = {
	default: async ({ request, params, locals, cookies, url }) => {
		const db = getDb();
		const view = await viewInvitation(db, params.token);
		if (view.state !== 'valid') return formFailure({}, { _form: view.state }, 410);
		const mode = modeOf(view, locals.user?.id ?? null);
		let input: { name?: string; password?: string } = {};
		if (mode === 'register') {
			const parsed = await parseForm(request, inviteAcceptSchema);
			if (!parsed.ok) return parsed.failure;
			input = parsed.data;
		}
		const result = await db.transaction((tx) =>
			acceptInvitation(tx, params.token, { currentUserId: locals.user?.id ?? null, ...input, locale: getLocale() as 'de' | 'en' })
		);
		if (!result.ok) return formFailure({}, { _form: result.state }, 409);
		if (mode === 'register') {
			await startSession(db, {
				userId: result.userId,
				cookies,
				previousSessionId: locals.session?.id,
				userAgent: request.headers.get('user-agent'),
				secure: url.protocol === 'https:'
			});
		}
		redirect(303, '/account?saved=joined');
	}
};
