import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { grantsFrom, userCreateSchema } from '$lib/schemas/admin';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listOrganisations } from '$lib/server/orgs';
import { createUser, EmailTakenError } from '$lib/server/users';
import { formFailure, parseForm } from '$lib/server/forms';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { title: m.admin_user_new(), organisations: await listOrganisations(getDb()) };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const admin = requireAdmin(locals);
		const parsed = await parseForm(request, userCreateSchema);
		if (!parsed.ok) return parsed.failure;
		const { name, email, password, locale, organisationId } = parsed.data;
		const db = getDb();
		try {
			await db.transaction((tx) =>
				createUser(tx, { name, email, password, locale, organisationId, roles: grantsFrom(parsed.data) }, admin.id)
			);
		} catch (err) {
			if (err instanceof EmailTakenError) return formFailure(parsed.values, { email: m.admin_email_taken() });
			throw err;
		}
		redirect(303, '/admin/users?created=1&q=' + encodeURIComponent(email));
	}
};
