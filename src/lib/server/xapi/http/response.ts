/** Responses of the LRS: the version and CORS headers every one of them carries (1.0.3 §6, the profile). */
import { XapiError } from '../errors';
import type { XapiVersion } from '../validate';

export const EXPOSED = [
	'ETag',
	'Last-Modified',
	'Content-Type',
	'Content-Length',
	'WWW-Authenticate',
	'X-Experience-API-Version',
	'X-Experience-API-Consistent-Through'
].join(', ');
export const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Experience-API-Version', 'If-Match', 'If-None-Match', 'Cache-Control', 'X-Requested-With'].join(', ');

export const fullVersion = (v: XapiVersion) => (v === '2.0' ? '2.0.0' : '1.0.3');

/**
 * Credentials travel in the Authorization header, never in cookies, so any origin may call the LRS: the
 * origin is echoed (not `*`) so that clients sending credentials mode still work, without allowing cookies.
 */
export function corsHeaders(origin: string | null): Record<string, string> {
	return { 'Access-Control-Allow-Origin': origin ?? '*', 'Access-Control-Expose-Headers': EXPOSED, Vary: 'Origin' };
}

export function preflight(origin: string | null): Response {
	return new Response(null, {
		status: 204,
		headers: {
			...corsHeaders(origin),
			'Access-Control-Allow-Methods': 'GET, HEAD, PUT, POST, DELETE, OPTIONS',
			'Access-Control-Allow-Headers': ALLOWED_HEADERS,
			'Access-Control-Max-Age': '86400'
		}
	});
}

export interface Reply {
	status: number;
	body?: string | Uint8Array | null;
	headers?: Record<string, string>;
}

export const json = (value: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({
	status,
	body: JSON.stringify(value),
	headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }
});

export function toResponse(reply: Reply, version: XapiVersion, origin: string | null, head: boolean): Response {
	const headers = new Headers({ ...corsHeaders(origin), 'X-Experience-API-Version': fullVersion(version), 'Cache-Control': 'no-store', ...reply.headers });
	const body = head || reply.status === 204 ? null : (reply.body ?? null);
	if (head && reply.body) headers.set('Content-Length', String(typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.byteLength));
	return new Response(body as BodyInit | null, { status: reply.status, headers });
}

export function errorReply(err: XapiError): Reply {
	const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
	if (err.status === 401) headers['WWW-Authenticate'] = 'Basic realm="Lernbruecke LRS", charset="UTF-8"';
	return { status: err.status, body: err.message, headers };
}
