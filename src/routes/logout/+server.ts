import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';

// POST only: a GET that logs out could be triggered by any image tag on another site.
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) await invalidateSession(getDb(), locals.session.id);
	deleteSessionCookie(cookies, url.protocol === 'https:');
	redirect(303, '/?loggedOut=1');
};
