import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { slugField } from '$lib/schemas/authoring';
import { createDraft, SlugTakenError } from '$lib/server/authoring';
import { prepareZipImport } from '$lib/server/authoring/import-zip';
import { ownerChoices } from '../owners.server';

const failure = (values: { slug: string; organisationId: string }, errors: Record<string, string>, messages: string[] = []) => fail(400, { values, errors, messages });

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, 'trainer', url);
	return { title: m.zip_import(), organisations: await ownerChoices(user) };
};

export const actions: Actions = {
	/** A zip becomes a new course under a new id and the given slug; nothing is written unless all of it passes. */
	default: async ({ locals, request, url }) => {
		const user = requireRole(locals, 'trainer', url);
		const form = await request.formData().catch(() => null);
		const values = { slug: String(form?.get('slug') ?? ''), organisationId: String(form?.get('organisationId') ?? '') };
		const errors: Record<string, string> = {};
		const slug = slugField.safeParse(values.slug);
		if (!slug.success) errors.slug = slug.error.issues[0]!.message;
		const orgs = await ownerChoices(user);
		const organisationId = orgs.length === 1 ? orgs[0]!.id : values.organisationId;
		if (!organisationId || !orgs.some((o) => o.id === organisationId)) errors.organisationId = orgs.length ? m.error_required() : m.author_error_no_organisation();
		const file = form?.get('file');
		if (!(file instanceof File) || !file.size) errors.file = m.asset_error_missing();
		if (Object.keys(errors).length || !slug.success || !(file instanceof File)) return failure(values, errors);

		const courseId = randomUUID();
		const prepared = await prepareZipImport(new Uint8Array(await file.arrayBuffer()), { courseId, slug: slug.data });
		if (!prepared.ok) return failure(values, { file: prepared.messages[0]! }, prepared.messages.slice(1));
		try {
			await getDb().transaction((tx) => createDraft(tx, { organisationId, slug: slug.data, title: slug.data, createdBy: user.id }, prepared.files, courseId));
		} catch (e) {
			if (e instanceof SlugTakenError) return failure(values, { slug: m.author_error_slug_taken() });
			throw e;
		}
		redirect(303, `/trainer/authoring/${courseId}?imported=1`);
	}
};
