import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getSetting, setSetting } from '$lib/server/settings';
import { writeAudit } from '$lib/server/audit';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return {
		title: m.admin_settings(),
		signupAllowed: await getSetting(getDb(), 'signup_allowed'),
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const form = await request.formData();
		const signupAllowed = form.get('signup_allowed') === 'on';
		await getDb().transaction(async (tx) => {
			await setSetting(tx, 'signup_allowed', signupAllowed, admin.id);
			await writeAudit(tx, {
				actorId: admin.id,
				action: 'settings.update',
				targetType: 'settings',
				targetId: 'signup_allowed',
				details: { value: signupAllowed }
			});
		});
		redirect(303, '/admin/settings?saved=1');
	}
};
