import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { checkHealth } from '$lib/server/health';

// Public on purpose (load balancers, uptime checks): the answer holds no secrets, versions or host names.
export const GET: RequestHandler = async () => {
	let health;
	try {
		health = await checkHealth(getDb());
	} catch {
		health = { status: 'down', database: 'unreachable', migrations: null, outbox: null } as const;
	}
	return json(health, {
		status: health.status === 'down' ? 503 : 200,
		headers: { 'cache-control': 'no-store' }
	});
};
