import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { findAsset } from '$lib/server/courses/assets';

/**
 * Course assets by version: a version never changes, so the URL is cached for a year as immutable. Assets
 * are public like the course pages. An SVG opened directly runs in a sandbox without scripts.
 */
export const GET: RequestHandler = async ({ params, request }) => {
	const version = Number(params.version);
	if (!Number.isInteger(version) || version < 1 || !/^[a-z0-9-]+$/.test(params.slug)) error(404, 'not found');
	const asset = await findAsset(getDb(), params.slug, version, params.path);
	if (!asset) error(404, 'not found');
	const etag = `"${asset.hash}"`;
	const headers = {
		'content-type': asset.contentType,
		'cache-control': 'public, max-age=31536000, immutable',
		etag,
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(asset.bytes as Uint8Array<ArrayBuffer>, { headers: { ...headers, 'content-length': String(asset.size) } });
};
