import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { getSetting, setSetting } from '$lib/server/settings';
import { writeAudit } from '$lib/server/audit';
import { siteSettingsSchema } from '$lib/schemas/admin';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	return {
		title: m.admin_settings(),
		signupAllowed: await getSetting(db, 'signup_allowed'),
		statsMinCell: await getSetting(db, 'stats_min_cell'),
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const parsed = await parseForm(request, siteSettingsSchema);
		if (!parsed.ok) return parsed.failure;
		const { signup_allowed: signupAllowed, stats_min_cell: statsMinCell } = parsed.data;
		await getDb().transaction(async (tx) => {
			for (const [key, value] of [['signup_allowed', signupAllowed], ['stats_min_cell', statsMinCell]] as const) {
				if ((await getSetting(tx, key)) === value) continue;
				await setSetting(tx, key, value as never, admin.id);
				await writeAudit(tx, { actorId: admin.id, action: 'settings.update', targetType: 'settings', targetId: key, details: { value } });
			}
		});
		redirect(303, '/admin/settings?saved=1');
	}
};
