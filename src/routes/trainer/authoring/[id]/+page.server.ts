import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { coauthorSchema, duplicateSchema, fileSchema, lessonNameSchema, moveLessonSchema, publishSchema, removeCoauthorSchema, renameLessonSchema } from '$lib/schemas/authoring';
import {
	addCoauthor,
	addLesson,
	deleteLesson,
	draftFileList,
	draftFiles,
	draftTitle,
	duplicateDraft,
	hasUnpublishedChanges,
	isLessonFile,
	listCoauthors,
	listVersions,
	moveLesson,
	publishDraft,
	removeCoauthor,
	renameLesson,
	setArchived,
	SlugTakenError,
	validateDraft
} from '$lib/server/authoring';
import { requireDraft } from './draft.server';
import { prepareZipImport, replaceDraftFiles } from '$lib/server/authoring/import-zip';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { draft } = await requireDraft(locals, params.id, url);
	const db = getDb();
	const files = await draftFileList(db, draft.courseId);
	const { problems } = await validateDraft(db, draft.courseId, draft.slug);
	const versions = await listVersions(db, draft.courseId);
	const live = versions.find((v) => v.live);
	return {
		title: draftTitle(await draftFiles(db, draft.courseId)) ?? draft.slug,
		courseId: draft.courseId,
		slug: draft.slug,
		archived: !!draft.archivedAt,
		liveNumber: live?.number ?? null,
		unpublished: await hasUnpublishedChanges(db, draft.courseId),
		lessons: files.filter((f) => isLessonFile(f.path)).map((f) => f.path),
		others: files.filter((f) => !isLessonFile(f.path)).map((f) => f.path),
		problems,
		coauthors: await listCoauthors(db, draft.courseId),
		created: url.searchParams.has('created'),
		imported: url.searchParams.get('imported'),
		published: url.searchParams.get('published'),
		confirm: url.searchParams.get('confirm'),
		target: url.searchParams.get('path'),
		rename: url.searchParams.get('rename')
	};
};

export const actions: Actions = {
	publish: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, publishSchema);
		if (!parsed.ok) return parsed.failure;
		if (draft.archivedAt) return formFailure(parsed.values, { _form: m.author_error_archived() });
		const outcome = await publishDraft(getDb(), draft, user.id, parsed.data.note);
		if (outcome.status === 'invalid')
			return formFailure(parsed.values, { _form: m.author_error_problems({ n: outcome.problems.length }) });
		if (outcome.status === 'unchanged') return formFailure(parsed.values, { _form: m.author_error_unchanged() });
		redirect(303, `/trainer/authoring/${draft.courseId}?published=${outcome.versionNumber}`);
	},
	duplicate: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, duplicateSchema);
		if (!parsed.ok) return parsed.failure;
		let id: string;
		try {
			id = await getDb().transaction((tx) => duplicateDraft(tx, draft, { slug: parsed.data.slug, title: parsed.data.title, createdBy: user.id }));
		} catch (e) {
			if (e instanceof SlugTakenError) return formFailure(parsed.values, { slug: m.author_error_slug_taken() });
			throw e;
		}
		redirect(303, `/trainer/authoring/${id}?created=1`);
	},
	archive: async ({ locals, params, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		await getDb().transaction((tx) => setArchived(tx, draft.courseId, true, user.id));
		redirect(303, `/trainer/authoring/${draft.courseId}`);
	},
	restore: async ({ locals, params, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		await getDb().transaction((tx) => setArchived(tx, draft.courseId, false, user.id));
		redirect(303, `/trainer/authoring/${draft.courseId}`);
	},
	addLesson: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, lessonNameSchema);
		if (!parsed.ok) return parsed.failure;
		const path = await addLesson(getDb(), draft.courseId, parsed.data.name, parsed.data.title, user.id);
		if (!path) return formFailure(parsed.values, { name: m.author_error_lesson_exists() });
		redirect(303, `/trainer/authoring/${draft.courseId}/edit/${path}`);
	},
	move: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, moveLessonSchema);
		if (!parsed.ok) return parsed.failure;
		await moveLesson(getDb(), draft.courseId, parsed.data.path, parsed.data.direction, user.id);
		redirect(303, `/trainer/authoring/${draft.courseId}#lessons`);
	},
	rename: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, renameLessonSchema);
		if (!parsed.ok) return parsed.failure;
		const to = await renameLesson(getDb(), draft.courseId, parsed.data.path, parsed.data.name, user.id);
		if (!to) return formFailure(parsed.values, { name: m.author_error_lesson_exists() });
		redirect(303, `/trainer/authoring/${draft.courseId}#lessons`);
	},
	deleteLesson: async ({ locals, params, request, url }) => {
		const { draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, fileSchema);
		if (!parsed.ok) return parsed.failure;
		await deleteLesson(getDb(), draft.courseId, parsed.data.path);
		redirect(303, `/trainer/authoring/${draft.courseId}#lessons`);
	},
	addCoauthor: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, coauthorSchema);
		if (!parsed.ok) return parsed.failure;
		const r = await getDb().transaction((tx) => addCoauthor(tx, draft.courseId, parsed.data.email, user.id));
		if (r === 'not_trainer') return formFailure(parsed.values, { email: m.author_error_not_trainer() });
		redirect(303, `/trainer/authoring/${draft.courseId}#coauthors`);
	},
	removeCoauthor: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, removeCoauthorSchema);
		if (!parsed.ok) return parsed.failure;
		await getDb().transaction((tx) => removeCoauthor(tx, draft.courseId, parsed.data.userId, user.id));
		redirect(303, `/trainer/authoring/${draft.courseId}#coauthors`);
	},
	/** A zip replaces the draft's files: validated completely first, then swapped in one transaction. */
	importZip: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const form = await request.formData().catch(() => null);
		const file = form?.get('file');
		const errors: Record<string, string> = {};
		if (!(file instanceof File) || !file.size) errors.zip = m.asset_error_missing();
		if (form?.get('replace') !== 'on') errors.replace = m.zip_error_confirm();
		if (Object.keys(errors).length || !(file instanceof File)) return fail(400, { errors, messages: [] as string[] });
		const prepared = await prepareZipImport(new Uint8Array(await file.arrayBuffer()), draft);
		if (!prepared.ok) return fail(400, { errors: { zip: prepared.messages[0]! } as Record<string, string>, messages: prepared.messages.slice(1) });
		await getDb().transaction((tx) => replaceDraftFiles(tx, draft.courseId, prepared.files, user.id));
		redirect(303, `/trainer/authoring/${draft.courseId}?imported=draft`);
	}
};
