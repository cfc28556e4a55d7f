import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { draftFiles, isTextFile, previewDraft } from '$lib/server/authoring';
import { requireDraft } from '../draft.server';

const body = z.object({ path: z.string().min(1).max(200), content: z.string().max(1_000_000) });

/** Problems and rendered page for the text being typed; nothing is stored. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const { draft } = await requireDraft(locals, params.id);
	const parsed = body.safeParse(await request.json().catch(() => null));
	if (!parsed.success || !isTextFile(parsed.data.path)) error(400, 'bad request');
	const files = await draftFiles(getDb(), draft.courseId);
	if (!files.has(parsed.data.path)) error(404, 'not found');
	return json(previewDraft(draft, files, parsed.data.path, parsed.data.content));
};
