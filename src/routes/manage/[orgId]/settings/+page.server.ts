import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { orgSettingsSchema } from '$lib/schemas/assignments';
import { getOrganisationSettings, saveOrganisationSettings } from '$lib/server/assignments/settings';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user, org } = await requireManagedOrganisation(locals, params.orgId, url);
	return {
		title: m.settings_title({ organisation: org.name }),
		settings: await getOrganisationSettings(getDb(), org.id),
		isAdmin: user.roles.some((r) => r.role === 'admin'),
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, orgSettingsSchema);
		if (!parsed.ok) return parsed.failure;
		const mayRelax = user.roles.some((r) => r.role === 'admin');
		await getDb().transaction((tx) => saveOrganisationSettings(tx, org.id, parsed.data, { id: user.id, mayRelax }));
		redirect(303, `/manage/${org.id}/settings?saved`);
	}
};
