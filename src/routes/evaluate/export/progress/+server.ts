import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guards';
import { exportProgress, TOKEN } from '$lib/server/evaluation/export/progress';

/** Rows written and the expected total of the evaluator's own running export (the page polls this). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireRole(locals, 'evaluator', url);
	const token = url.searchParams.get('token') ?? '';
	if (!TOKEN.test(token)) error(400, 'token missing');
	const p = exportProgress(user.id, token);
	return json(p ? { rows: p.rows, total: p.total, state: p.state } : { rows: 0, total: null, state: 'unknown' }, { headers: { 'cache-control': 'private, no-store' } });
};
