import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { publishedKeys } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';

// Public: the Ed25519 keys badge signatures verify against (never the private part).
export const GET: RequestHandler = async () => json(await publishedKeys(getDb()), { headers: { 'cache-control': 'public, max-age=3600' } });
