import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireRole, orgScope } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { attachment } from '$lib/server/csv/write';
import { getDb } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/session';
import { getOrganisations } from '$lib/server/orgs';
import { exportRequest, startExport } from '$lib/server/evaluation/export';
import { FILTER_PARAMS } from '$lib/server/evaluation/filters';
import { TOKEN, trackExport } from '$lib/server/evaluation/export/progress';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A GET with the dashboard's filters plus what to export: a plain link or form works without JavaScript,
 * and the same URL re-runs the export (with fresh pseudonyms).
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	// A study export is never a GET: its key would be in the URL. Refused rather than silently exported per export.
	if (url.searchParams.get('pseudonyms') === 'study' || url.searchParams.has('key')) error(400, 'Exports for a study are sent by POST');
	return run(user, url.searchParams);
};

/**
 * The same export from a POST form (the statements form on /evaluate): an export for a study carries the
 * study key, which must never be in a URL (history, logs, Referer). The origin check of hooks.server.ts
 * applies to this form like to every other one. The key is read here, handed to the export, and dropped.
 */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	const form = await request.formData();
	const params = new URLSearchParams();
	for (const [k, v] of form) if (k !== 'key' && typeof v === 'string') params.append(k, v);
	let study: { id: string; key: string } | undefined;
	if (params.get('pseudonyms') === 'study') {
		const id = params.get('study') ?? '';
		const key = form.get('key');
		if (!UUID.test(id)) back(params, 'study_missing');
		if (typeof key !== 'string' || !key.trim()) back(params, 'key_missing');
		study = { id, key: key as string };
	}
	return run(user, params, study);
};

async function run(user: SessionUser, params: URLSearchParams, study?: { id: string; key: string }) {
	const req = exportRequest.safeParse(Object.fromEntries(['data', 'format', 'csv'].filter((k) => params.has(k)).map((k) => [k, params.get(k)])));
	if (!req.success) error(400, 'Unknown export type or format');
	const db = getDb();
	const orgs = orgScope(user, 'evaluator');
	// Set by the page's script only: names this run for the progress element (without it, a plain download).
	const token = params.get('progress');
	const result = await startExport(db, params, req.data, {
		actorId: user.id,
		orgs,
		scopeNames: orgs ? (await getOrganisations(db, orgs)).map((o) => o.name) : null,
		lang: getLocale(),
		origin: config().origin,
		study,
		progress: token && TOKEN.test(token) && req.data.data === 'statements' ? trackExport(user.id, token) : undefined
	});
	if ('refused' in result) {
		if (!('study' in result.refused)) back(params, 'k');
		if (result.refused.study === 'not_found') error(404, 'not found');
		back(params, result.refused.study);
	}
	return new Response(result.body, {
		headers: {
			'content-type': result.contentType,
			'content-disposition': attachment(result.filename),
			'cache-control': 'private, no-store',
			'x-export-id': result.exportId
		}
	});
}

/** Back to the page with the filter and why nothing was exported; for a study, which one (never the key). */
function back(params: URLSearchParams, reason: string): never {
	const to = new URLSearchParams();
	for (const key of FILTER_PARAMS) {
		const v = params.get(key);
		if (v) to.set(key, v);
	}
	to.set('refused', reason);
	const study = params.get('study');
	if (params.get('pseudonyms') === 'study' && study && UUID.test(study)) to.set('study', study);
	redirect(303, `/evaluate?${to}#export`);
}
