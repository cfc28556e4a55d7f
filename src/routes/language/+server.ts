import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { safeRedirect } from '$lib/schemas/auth';
import { getDb } from '$lib/server/db';
import { setLocale } from '$lib/server/users';
import { setLocaleCookie } from '$lib/server/i18n';

const schema = z.object({ locale: z.enum(['de', 'en']), redirectTo: z.string().optional() });

/** The language switch: a plain form post, so it works without JavaScript. Kept in the cookie and the profile. */
export const POST: RequestHandler = async ({ request, cookies, locals, url }) => {
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
	const target = safeRedirect(parsed.success ? parsed.data.redirectTo : undefined, '/');
	if (!parsed.success) redirect(303, target);
	setLocaleCookie(cookies, parsed.data.locale, url.protocol === 'https:');
	if (locals.user) await setLocale(getDb(), locals.user.id, parsed.data.locale);
	redirect(303, target);
};
