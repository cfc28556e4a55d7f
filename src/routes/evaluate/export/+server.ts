import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { attachment } from '$lib/server/csv/write';
import { getDb } from '$lib/server/db';
import { getOrganisations } from '$lib/server/orgs';
import { exportRequest, startExport } from '$lib/server/evaluation/export';
import { FILTER_PARAMS } from '$lib/server/evaluation/filters';
import { TOKEN, trackExport } from '$lib/server/evaluation/export/progress';

/**
 * A GET with the dashboard's filters plus what to export: a plain link or form works without JavaScript,
 * and the same URL re-runs the export (with fresh pseudonyms).
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	const req = exportRequest.safeParse(Object.fromEntries(['data', 'format', 'csv'].filter((k) => url.searchParams.has(k)).map((k) => [k, url.searchParams.get(k)])));
	if (!req.success) error(400, 'Unknown export type or format');
	const db = getDb();
	const orgs = orgScope(user, 'evaluator');
	// Set by the page's script only: names this run for the progress element (without it, a plain download).
	const token = url.searchParams.get('progress');
	const result = await startExport(db, url.searchParams, req.data, {
		actorId: user.id,
		orgs,
		scopeNames: orgs ? (await getOrganisations(db, orgs)).map((o) => o.name) : null,
		lang: getLocale(),
		origin: config().origin,
		progress: token && TOKEN.test(token) && req.data.data === 'statements' ? trackExport(user.id, token) : undefined
	});
	if ('refused' in result) {
		const back = new URLSearchParams();
		for (const key of FILTER_PARAMS) {
			const v = url.searchParams.get(key);
			if (v) back.set(key, v);
		}
		back.set('refused', 'k');
		redirect(303, `/evaluate?${back}#export`);
	}
	return new Response(result.body, {
		headers: {
			'content-type': result.contentType,
			'content-disposition': attachment(result.filename),
			'cache-control': 'private, no-store',
			'x-export-id': result.exportId
		}
	});
};
