import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { countUsers } from '$lib/server/users';
import { listOrganisations } from '$lib/server/orgs';
import { getSetting } from '$lib/server/settings';
import { config } from '$lib/server/config';
import { listLiveVersions } from '$lib/server/courses/cache';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	return {
		title: m.admin_title(),
		users: await countUsers(db),
		organisations: (await listOrganisations(db)).length,
		courses: (await listLiveVersions(db)).length,
		signupAllowed: await getSetting(db, 'signup_allowed'),
		smtp: Boolean(config().SMTP_URL)
	};
};
