import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { getSetting } from '$lib/server/settings';

// Shapes what every page's chrome needs; authorisation happens in each page's own load.
export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	return {
		user: user
			? { id: user.id, name: user.name, email: user.email, roles: [...new Set(user.roles.map((r) => r.role))] }
			: null,
		locale: getLocale(),
		signupAllowed: user ? false : await getSetting(getDb(), 'signup_allowed')
	};
};
