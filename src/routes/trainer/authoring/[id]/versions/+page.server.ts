import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { rollbackSchema } from '$lib/schemas/authoring';
import { diffFolders, draftFiles, draftTitle, listVersions, rollBack, versionFiles, withContext } from '$lib/server/authoring';
import { requireDraft } from '../draft.server';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { draft } = await requireDraft(locals, params.id, url);
	const db = getDb();
	const versions = await listVersions(db, draft.courseId);
	const num = (k: string) => {
		const n = Number(url.searchParams.get(k));
		return versions.some((v) => v.number === n) ? n : null;
	};
	const from = num('from');
	const to = num('to');
	let diff = null;
	let diffMissing = false;
	if (from && to) {
		const a = await versionFiles(db, draft.courseId, from);
		const b = await versionFiles(db, draft.courseId, to);
		if (a && b) diff = diffFolders(a, b).map((f) => ({ path: f.path, change: f.change, binary: f.binary, lines: f.lines ? withContext(f.lines) : null }));
		else diffMissing = true;
	}
	return {
		title: m.author_versions(),
		courseTitle: draftTitle(await draftFiles(db, draft.courseId)) ?? draft.slug,
		courseId: draft.courseId,
		versions,
		from,
		to,
		diff,
		diffMissing,
		confirm: num('confirm'),
		rolledBack: url.searchParams.get('rolledback')
	};
};

export const actions: Actions = {
	rollback: async ({ locals, params, request, url }) => {
		const { user, draft } = await requireDraft(locals, params.id, url);
		const parsed = await parseForm(request, rollbackSchema);
		if (!parsed.ok) return parsed.failure;
		const n = parsed.data.number;
		const outcome = await rollBack(getDb(), draft, n, user.id, m.author_rollback_note({ n }));
		if (!outcome || outcome.status === 'invalid') return formFailure({}, { _form: m.author_rollback_failed() });
		redirect(303, `/trainer/authoring/${draft.courseId}/versions?rolledback=${outcome.versionNumber}`);
	}
};
