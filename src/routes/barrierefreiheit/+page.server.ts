import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { accessibilityFeedbackSchema } from '$lib/schemas/legal';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { accessibilityStatement } from '$lib/server/legal/texts';
import { sendAccessibilityFeedback } from '$lib/server/legal/feedback';

// Public page: anyone must be able to read the statement and report a barrier, signed in or not.
export const load: PageServerLoad = async ({ url }) => {
	return {
		title: m.a11y_title(),
		statement: await accessibilityStatement(getDb(), getLocale()),
		sent: url.searchParams.has('sent'),
		page: (url.searchParams.get('page') ?? '').slice(0, 500)
	};
};

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const parsed = await parseForm(request, accessibilityFeedbackSchema);
		if (!parsed.ok) return parsed.failure;
		const result = await getDb().transaction((tx) => sendAccessibilityFeedback(tx, parsed.data, getClientAddress()));
		if (!result.allowed) {
			return formFailure(parsed.values, { _form: m.a11y_feedback_rate_limited({ minutes: result.retryAfterMinutes }) }, 429);
		}
		redirect(303, '/barrierefreiheit?sent#feedback');
	}
};
