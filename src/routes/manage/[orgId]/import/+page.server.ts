import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { decodeText } from '$lib/server/csv/read';
import { listUnits } from '$lib/server/orgs';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';
import { previewPeopleImport, runPeopleImport, type ImportPreview } from '$lib/server/orgs/people-import';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SHOWN_ROWS = 100;
const SHOWN_PROBLEMS = 500;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const done = url.searchParams.get('done');
	const count = (k: string) => Number(url.searchParams.get(k) ?? 0);
	return {
		title: m.manage_import_title({ organisation: org.name }),
		units: (await listUnits(getDb(), org.id)).map((u) => u.name),
		done: done ? { invite: count('invite'), existing: count('existing'), moved: count('moved'), unchanged: count('unchanged') } : null
	};
};

/** What the page shows of a preview: everything about problems, a sample of the rows. */
function shape(preview: ImportPreview, content: string, encoding: string) {
	return {
		preview: {
			encoding,
			delimiter: preview.delimiter === '\t' ? 'tab' : preview.delimiter,
			columns: preview.columns,
			summary: preview.summary,
			problems: preview.problems.slice(0, SHOWN_PROBLEMS),
			problemCount: preview.problems.length,
			rows: preview.rows.slice(0, SHOWN_ROWS)
		},
		// The checked file goes back with the import button, so exactly what was previewed is imported.
		content: Buffer.from(content, 'utf8').toString('base64')
	};
}

export const actions: Actions = {
	preview: async ({ request, locals, params }) => {
		const { org } = await requireManagedOrganisation(locals, params.orgId);
		const form = await request.formData().catch(() => null);
		const file = form?.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { errors: { file: m.manage_import_file_missing() } });
		if (file.size > MAX_FILE_BYTES) return fail(400, { errors: { file: m.manage_import_file_too_big({ mb: 5 }) } });
		const { text, encoding } = decodeText(new Uint8Array(await file.arrayBuffer()));
		const preview = await previewPeopleImport(getDb(), org.id, text);
		return { fileName: file.name, ...shape(preview, text, encoding) };
	},
	import: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const form = await request.formData().catch(() => null);
		const content = form?.get('content');
		if (typeof content !== 'string' || !content) return fail(400, { errors: { file: m.manage_import_file_missing() } });
		const text = Buffer.from(content, 'base64').toString('utf8');
		const result = await getDb().transaction((tx) =>
			runPeopleImport(tx, org.id, text, { actorId: user.id, locale: getLocale() as 'de' | 'en', origin: config().origin })
		);
		// Something changed since the preview (a unit deleted, someone joined elsewhere): show the new problems.
		if (!result.ok) return fail(409, { fileName: String(form?.get('fileName') ?? ''), ...shape(result.preview, text, 'utf-8'), changed: true });
		const s = result.summary;
		redirect(303, `/manage/${org.id}/import?done=1&invite=${s.invite}&existing=${s.invite_existing}&moved=${s.member_unit}&unchanged=${s.member}`);
	}
};
