import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { organisationSchema } from '$lib/schemas/admin';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisation, listMembers, updateOrganisation } from '$lib/server/orgs';
import { parseForm } from '$lib/server/forms';

async function loadOrg(id: string) {
	if (!z.uuid().safeParse(id).success) error(404, 'not found');
	const org = await getOrganisation(getDb(), id);
	if (!org) error(404, 'not found');
	return org;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireAdmin(locals, url);
	const org = await loadOrg(params.id);
	return { title: org.name, org, members: await listMembers(getDb(), org.id) };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const admin = requireAdmin(locals);
		const org = await loadOrg(params.id);
		const parsed = await parseForm(request, organisationSchema);
		if (!parsed.ok) return parsed.failure;
		await getDb().transaction((tx) => updateOrganisation(tx, org.id, parsed.data, admin.id));
		redirect(303, '/admin/organisations?saved=1');
	}
};
