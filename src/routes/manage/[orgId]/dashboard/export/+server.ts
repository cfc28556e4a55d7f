import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { completionDashboard } from '$lib/server/assignments/dashboard';
import { dashboardTable } from '$lib/server/assignments/dashboard-table';
import { attachment, toCsv } from '$lib/server/csv/write';
import { getDb } from '$lib/server/db';
import { xlsx } from '$lib/server/export/xlsx';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

const query = z.object({
	table: z.enum(['summary', 'people']).default('summary'),
	format: z.enum(['csv', 'xlsx']).default('csv'),
	// Excel needs the BOM to read UTF-8; other tools (scripts, LibreOffice on import) may prefer none.
	bom: z.enum(['0', '1']).default('1')
});

/** The dashboard's tables as CSV or XLSX: the same data as the page, for the same people. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const q = query.safeParse(Object.fromEntries(url.searchParams));
	if (!q.success) error(400, 'bad request');
	const locale = getLocale();
	const table = dashboardTable(await completionDashboard(getDb(), org.id, locale), q.data.table, locale);
	if (!table) error(404, 'not found');
	const name = `${q.data.table === 'summary' ? m.dash_file_summary() : m.dash_file_people()}.${q.data.format}`;
	const headers = { 'content-disposition': attachment(name), 'cache-control': 'private, no-store' };
	if (q.data.format === 'xlsx') {
		const bytes = xlsx(q.data.table === 'summary' ? m.dash_file_summary() : m.dash_file_people(), table.header, table.rows);
		return new Response(bytes, { headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
	}
	const csv = toCsv(table.header, table.rows);
	return new Response(q.data.bom === '1' ? csv : csv.replace(/^\uFEFF/, ''), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
};
