import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOutboxMail } from '$lib/server/mail';

/**
 * The HTML version exactly as it would be sent, under a policy that forbids scripts and every external
 * load: it shows that the mail needs nothing from outside.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireAdmin(locals, url);
	const id = z.coerce.number().int().positive().safeParse(params.id);
	const mail = id.success ? await getOutboxMail(getDb(), id.data) : null;
	if (!mail?.htmlBody) error(404, 'not found');
	return new Response(mail.htmlBody, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
			'cache-control': 'private, no-store'
		}
	});
};
