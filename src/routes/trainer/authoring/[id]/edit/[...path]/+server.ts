import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { isTextFile, readDraftFile, saveDraftFile } from '$lib/server/authoring';
import { requireDraft } from '../../draft.server';

const body = z.object({ content: z.string().max(1_000_000), revision: z.int().min(1) });

/** Autosave from the editor: the same conditional save as the form, answering 409 with the other text. */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const { user, draft } = await requireDraft(locals, params.id);
	const parsed = body.safeParse(await request.json().catch(() => null));
	if (!parsed.success || !isTextFile(params.path)) error(400, 'bad request');
	if (!(await readDraftFile(getDb(), draft.courseId, params.path))) error(404, 'not found');
	const bytes = new TextEncoder().encode(parsed.data.content.replace(/\r\n/g, '\n'));
	const result = await saveDraftFile(getDb(), draft.courseId, params.path, bytes, parsed.data.revision, user.id);
	return result.ok ? json({ revision: result.revision }) : json({ conflict: result.conflict }, { status: 409 });
};
