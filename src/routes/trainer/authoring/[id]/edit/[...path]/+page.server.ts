import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { saveFileSchema } from '$lib/schemas/authoring';
import { draftFileList, draftFiles, draftTitle, isTextFile, readDraftFile, saveDraftFile, validateDraft } from '$lib/server/authoring';
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
		saved: url.searchParams.has('saved')
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
	}
};
