import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { verifyCodeSchema } from '$lib/schemas/certificates';
import { normaliseCode } from '$lib/server/certificates';
import { formFailure, parseForm } from '$lib/server/forms';

// Public: whoever holds a certificate in their hands must be able to check it without an account.
export const load: PageServerLoad = async () => ({ title: m.verify_title() });

export const actions: Actions = {
	default: async ({ request }) => {
		const parsed = await parseForm(request, verifyCodeSchema);
		if (!parsed.ok) return parsed.failure;
		const code = normaliseCode(parsed.data.code);
		if (!code) return formFailure(parsed.values, { code: m.verify_code_invalid() });
		redirect(303, `/verify/${code}`);
	}
};
