import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { readDraftFile } from '$lib/server/authoring';
import { ASSET_TYPES } from '$lib/server/courses/build';
import { requireDraft } from '../../draft.server';

/** A draft's assets, for the editor's preview: only for its editors, never cached, SVG without scripts. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const { draft } = await requireDraft(locals, params.id);
	const type = ASSET_TYPES[params.path.split('.').pop()!.toLowerCase()];
	const file = type ? await readDraftFile(getDb(), draft.courseId, `assets/${params.path}`) : undefined;
	if (!file) error(404, 'not found');
	return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': type!,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
		}
	});
};
