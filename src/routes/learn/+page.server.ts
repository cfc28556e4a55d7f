import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireRole(locals, 'learner', url);
	return { title: m.learn_title() };
};
