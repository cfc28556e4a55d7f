import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { issuerProfile } from '$lib/server/certificates';

// Public: verifiers of an Open Badge look the issuer up here (the `iss` of every badge JWT).
export const GET: RequestHandler = async () =>
	json({ ...issuerProfile(config().origin), publicKeys: `${config().origin.replace(/\/$/, '')}/badges/jwks.json` }, { headers: { 'cache-control': 'public, max-age=3600' } });
