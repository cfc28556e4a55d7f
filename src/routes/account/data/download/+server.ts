import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/auth/guards';
import { attachment } from '$lib/server/csv/write';
import { getDb } from '$lib/server/db';
import { collectPersonalData } from '$lib/server/privacy/collect';
import { personalDataCsvZip, personalDataJson } from '$lib/server/privacy/formats';
import { berlinToday } from '$lib/server/assignments/dates';

const query = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** The signed-in person's own data, and only theirs: the id comes from the session, never from the request. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const q = query.safeParse(Object.fromEntries(url.searchParams));
	if (!q.success) error(400, 'bad request');
	const now = new Date();
	const data = await collectPersonalData(getDb(), user.id, getLocale(), now);
	if (!data) error(404, 'not found');
	const base = `${m.account_data_file()}-${berlinToday(now)}`;
	const headers = { 'cache-control': 'private, no-store' };
	if (q.data.format === 'csv') {
		return new Response(personalDataCsvZip(data), {
			headers: { ...headers, 'content-type': 'application/zip', 'content-disposition': attachment(`${base}.zip`) }
		});
	}
	return new Response(personalDataJson(data), {
		headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-disposition': attachment(`${base}.json`) }
	});
};
