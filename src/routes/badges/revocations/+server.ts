import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { revocationList } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';

// Public: the `credentialStatus` of every badge points here (1EdTech Revocation List).
export const GET: RequestHandler = async () => json(await revocationList(getDb(), config().origin), { headers: { 'cache-control': 'no-store' } });
