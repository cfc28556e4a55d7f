import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, url);
	return { title: m.account_data_title() };
};
