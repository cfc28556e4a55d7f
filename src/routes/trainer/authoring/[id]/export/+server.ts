import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { draftFiles, versionFiles } from '$lib/server/authoring';
import { courseZip } from '$lib/server/authoring/zip';
import { requireDraft } from '../draft.server';

/** The draft (no `version`) or one published version as a zip of the course folder; for the draft's editors. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const { draft } = await requireDraft(locals, params.id, url);
	const raw = url.searchParams.get('version');
	const version = raw === null ? null : Number(raw);
	if (version !== null && (!Number.isInteger(version) || version < 1)) error(404, 'not found');
	const db = getDb();
	const files = version === null ? await draftFiles(db, draft.courseId) : await versionFiles(db, draft.courseId, version);
	if (!files) error(404, 'not found');
	const name = `${draft.slug}-${version === null ? 'entwurf' : `v${version}`}.zip`;
	return new Response(courseZip(draft.slug, files) as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
};
