import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { checkBadge, MAX_BADGE_CHARS, MAX_BADGE_FORM_BYTES, readLimitedForm } from '$lib/server/certificates/badge-check';
import { getDb } from '$lib/server/db';

// Public like the code check: whoever is shown a badge can check it without an account. The form post is
// covered by the app-wide origin check (hooks.server.ts), and every check counts against the address's limit.
export const load: PageServerLoad = async ({ setHeaders }) => {
	setHeaders({ 'x-robots-tag': 'noindex' });
	return { title: m.badge_check_title(), maxKb: MAX_BADGE_CHARS / 1024 };
};

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const form = await readLimitedForm(request, MAX_BADGE_FORM_BYTES);
		if (form === null) return fail(413, { error: m.badge_check_too_large({ kb: String(MAX_BADGE_CHARS / 1024) }) });
		if (form === 'invalid') return fail(400, { error: m.badge_check_empty() });
		const file = form.get('file');
		const pasted = form.get('badge');
		const input = file instanceof File && file.size > 0 ? await file.text() : typeof pasted === 'string' ? pasted : '';
		if (!input.trim()) return fail(400, { error: m.badge_check_empty() });
		const result = await checkBadge(getDb(), input, getClientAddress());
		if (result.limited) return fail(429, { error: m.verify_rate_limited({ minutes: result.retryAfterMinutes }) });
		const check = result.check;
		if (check.status === 'too-large') return fail(413, { error: m.badge_check_too_large({ kb: String(MAX_BADGE_CHARS / 1024) }) });
		return { check };
	}
};
