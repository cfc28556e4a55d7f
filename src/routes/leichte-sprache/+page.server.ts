import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';

// Public page (BITV 2.0 § 4): the start-page information in Leichte Sprache.
export const load: PageServerLoad = async () => ({ title: m.ls_title() });
