import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { fileSchema, saveFileSchema } from '$lib/schemas/authoring';
import { deleteDraftFile, draftFileList, draftFiles, draftTitle, isTextFile, readDraftFile, saveDraftFile, validateDraft } from '$lib/server/authoring';
import { assetFileName, inspectAsset, isAssetPath, MAX_COURSE_BYTES, refusalMessage, storeAsset } from '$lib/server/authoring/assets';
import { requireDraft } from '../../draft.server';

async function textFile(courseId: string, path: string) {
	if (!isTextFile(path)) error(404, 'not found');
	const file = await readDraftFile(getDb(), courseId, path);
	if (!file) error(404, 'not found');
	const text = new TextDecoder('utf-8', { fatal: false }).decode(file.bytes);
	return { ...file, text };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { draft } = await requireDraft(locals, params.id, url);
	const db = getDb();
	const file = await textFile(draft.courseId, params.path);
	const { problems } = await validateDraft(db, draft.courseId, draft.slug);
	const line = Number(url.searchParams.get('line')) || null;
	return {
		title: params.path,
		courseTitle: draftTitle(await draftFiles(db, draft.courseId)) ?? draft.slug,
		courseId: draft.courseId,
		slug: draft.slug,
		path: params.path,
		text: file.text,
		revision: file.revision,
		files: (await draftFileList(db, draft.courseId)).map((f) => f.path),
		problems,
		line,
		column: line ? Number(url.searchParams.get('column')) || 1 : null,
		saved: url.searchParams.has('saved'),
		uploaded: url.searchParams.get('uploaded'),
		deleted: url.searchParams.get('deleted'),
		confirmAsset: url.searchParams.get('confirm') === 'delete-asset' ? url.searchParams.get('asset') : null
	};
};

export const actions: Actions = {
	save: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		await textFile(draft.courseId, params.path);
		const parsed = await parseForm(request, saveFileSchema);
		if (!parsed.ok) return parsed.failure;
		const bytes = new TextEncoder().encode(parsed.data.content.replace(/\r\n/g, '\n'));
		const result = await saveDraftFile(getDb(), draft.courseId, params.path, bytes, parsed.data.revision, user.id);
		if (!result.ok) return fail(409, { values: { content: parsed.data.content }, errors: {} as Record<string, string>, conflict: result.conflict });
		redirect(303, `/trainer/authoring/${draft.courseId}/edit/${params.path}?saved=1`);
	},
	/** Upload into assets/: the content decides the type (see assets.ts); pictures lose their metadata. */
	upload: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const form = await request.formData().catch(() => null);
		const file = form?.get('file');
		const replace = form?.get('replace') === 'on';
		const failure = (message: string, status = 400) => fail(status, { upload: { error: message, replace } });
		if (!(file instanceof File) || !file.size) return failure(m.asset_error_missing());
		const inspected = await inspectAsset(new Uint8Array(await file.arrayBuffer()), file.name);
		if (!inspected.ok) return failure(refusalMessage(file.name, inspected.refusal));
		const name = assetFileName(file.name, inspected.kind);
		const outcome = await getDb().transaction((tx) => storeAsset(tx, draft.courseId, `assets/${name}`, inspected.bytes, user.id, replace));
		if (outcome === 'exists') return failure(m.asset_error_exists({ file: name }), 409);
		if (outcome === 'course_full') return failure(m.asset_error_course_full({ file: name, max: `${MAX_COURSE_BYTES / 1024 / 1024} MB` }), 413);
		redirect(303, `/trainer/authoring/${draft.courseId}/edit/${params.path}?uploaded=${encodeURIComponent(name)}`);
	},
	deleteAsset: async ({ locals, params, request, url }) => {
		const { draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, fileSchema);
		if (!parsed.ok) return parsed.failure;
		if (!isAssetPath(parsed.data.path)) error(400, 'bad request');
		await deleteDraftFile(getDb(), draft.courseId, parsed.data.path);
		const next = parsed.data.path === params.path ? 'course.md' : params.path;
		redirect(303, `/trainer/authoring/${draft.courseId}/edit/${next}?deleted=${encodeURIComponent(parsed.data.path.slice(7))}`);
	}
};
