import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { legalPage } from '$lib/server/legal/texts';

// Public page: required by law to be reachable for everyone.
export const load: PageServerLoad = async () => {
	return { title: m.legal_datenschutz_title(), ...(await legalPage(getDb(), 'datenschutz', getLocale())) };
};
