import type { PageServerLoad } from './$types';
import { homeFor } from '$lib/roles';

// Public landing page; signed-in people get a pointer to their own area instead of the marketing text.
export const load: PageServerLoad = async ({ locals, url }) => {
	const roles = locals.user?.roles.map((r) => r.role) ?? [];
	return { home: locals.user ? homeFor(roles) : null, loggedOut: url.searchParams.has('loggedOut') };
};
