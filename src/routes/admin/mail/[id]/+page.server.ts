import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOutboxMail } from '$lib/server/mail';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireAdmin(locals, url);
	const id = z.coerce.number().int().positive().safeParse(params.id);
	const mail = id.success ? await getOutboxMail(getDb(), id.data) : null;
	if (!mail) error(404, 'not found');
	return {
		title: mail.subject,
		mail: {
			id: mail.id,
			recipient: mail.recipient,
			subject: mail.subject,
			status: mail.status,
			text: mail.textBody,
			hasHtml: mail.htmlBody !== null,
			createdAt: mail.createdAt.toISOString(),
			sentAt: mail.sentAt?.toISOString() ?? null,
			attempts: mail.attempts,
			lastError: mail.lastError
		}
	};
};
