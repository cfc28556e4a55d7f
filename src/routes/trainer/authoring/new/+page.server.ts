import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm, formFailure } from '$lib/server/forms';
import { newCourseSchema } from '$lib/schemas/authoring';
import { createDraft, SlugTakenError } from '$lib/server/authoring';
import { ownerChoices } from '../owners.server';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'trainer', url);
	return { title: m.author_new_course(), organisations: await ownerChoices(user) };
};

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		const user = requireRole(locals, 'trainer', url);
		const parsed = await parseForm(request, newCourseSchema);
		if (!parsed.ok) return parsed.failure;
		const orgs = await ownerChoices(user);
		const organisationId = orgs.length === 1 ? orgs[0]!.id : parsed.data.organisationId;
		const values = parsed.values;
		if (!organisationId || !orgs.some((o) => o.id === organisationId))
			return formFailure(values, { organisationId: orgs.length ? m.error_required() : m.author_error_no_organisation() });
		let id: string;
		try {
			const db = getDb();
			id = await db.transaction((tx) => createDraft(tx, { organisationId, slug: parsed.data.slug, title: parsed.data.title, createdBy: user.id }));
		} catch (e) {
			if (e instanceof SlugTakenError) return formFailure(values, { slug: m.author_error_slug_taken() });
			throw e;
		}
		redirect(303, `/trainer/authoring/${id}?created=1`);
	}
};
