import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { userListQuery } from '$lib/schemas/admin';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { listUsers } from '$lib/server/users';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	// Unknown or malformed filters are dropped (`.catch`), never an error page.
	const query = userListQuery.parse(Object.fromEntries(url.searchParams));
	const result = await listUsers(getDb(), { ...query, organisationId: query.organisation });
	return { title: m.admin_users(), query, ...result, created: url.searchParams.get('created') };
};
