import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { organisationSchema } from '$lib/schemas/admin';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { createOrganisation } from '$lib/server/orgs';
import { parseForm } from '$lib/server/forms';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { title: m.admin_organisation_new() };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const parsed = await parseForm(request, organisationSchema);
		if (!parsed.ok) return parsed.failure;
		await getDb().transaction((tx) => createOrganisation(tx, parsed.data, admin.id));
		redirect(303, '/admin/organisations?saved=1');
	}
};
