import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { attachment, toCsv } from '$lib/server/csv/write';
import { listMembers } from '$lib/server/orgs';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

/**
 * The member list as CSV, in the same columns the import reads (Name, E-Mail, Abteilung), so it can be
 * edited and uploaded again. Cells are formula-safe: names come from users.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const members = await listMembers(getDb(), org.id);
	const csv = toCsv(
		[m.manage_csv_name(), m.manage_csv_email(), m.manage_csv_unit(), m.manage_csv_status()],
		members.map((p) => [p.name, p.email, p.unitName ?? '', p.deactivatedAt ? m.status_deactivated() : m.status_active()])
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': attachment(`${m.manage_csv_filename()}.csv`),
			'cache-control': 'private, no-store'
		}
	});
};
