import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { findJoinCode } from '$lib/server/orgs/join-codes';

// A code typed from a poster or handout: the GET form sends it here, a known code leads to its page.
export const load: PageServerLoad = async ({ url }) => {
	const typed = url.searchParams.get('code');
	if (typed !== null) {
		const found = typed.trim() ? await findJoinCode(getDb(), typed) : null;
		if (found) redirect(303, `/join/${found.code}`);
	}
	return { title: m.invite_join_title(), typed, unknown: typed !== null };
};
