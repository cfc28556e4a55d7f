/**
 * One LRS request, whatever way it came: an ordinary request, or 1.0.3's alternate request syntax
 * (`POST ?method=PUT` with headers, parameters and content as form fields, §1.3). Everything after this
 * reads only `XapiRequest`.
 */
import { badRequest, XapiError } from '../errors';
import type { XapiVersion } from '../validate';

/** Our own limit; adapter-node's BODY_SIZE_LIMIT (64M via `npm start`) sits above it. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface XapiRequest {
	method: string;
	/** Path below /xapi, e.g. `statements`, `activities/state`. */
	resource: string;
	params: URLSearchParams;
	header(name: string): string | null;
	body: Uint8Array;
	contentType: string;
	version: XapiVersion;
	/** The version as the client sent it; null only where none is required (about, OPTIONS). */
	versionHeader: string | null;
	alternate: boolean;
}

const FORM_HEADERS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match'];

async function readBody(request: Request): Promise<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > MAX_BODY_BYTES) throw new XapiError(413, `the request body exceeds ${MAX_BODY_BYTES} bytes`);
	if (!request.body) return new Uint8Array();
	const chunks: Uint8Array[] = [];
	let total = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > MAX_BODY_BYTES) {
			await reader.cancel();
			throw new XapiError(413, `the request body exceeds ${MAX_BODY_BYTES} bytes`);
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}

export function parseVersion(value: string | null): XapiVersion | null {
	if (!value) return null;
	if (/^1\.0(\.\d+)?$/.test(value)) return '1.0';
	if (/^2\.0(\.\d+)?$/.test(value)) return '2.0';
	return null;
}

export async function readRequest(request: Request, url: URL, resource: string): Promise<XapiRequest> {
	const params = new URLSearchParams(url.search);
	let method = request.method.toUpperCase();
	let body = await readBody(request);
	const headers = new Map<string, string>();
	request.headers.forEach((v, k) => headers.set(k.toLowerCase(), v));
	let alternate = false;

	if (method === 'POST' && params.has('method')) {
		alternate = true;
		const target = params.get('method')!.toUpperCase();
		if ([...params.keys()].some((k) => k !== 'method')) throw badRequest('with ?method=…, every other parameter goes into the form body');
		if (!['GET', 'PUT', 'POST', 'DELETE'].includes(target)) throw badRequest(`method=${target}: must be GET, PUT, POST or DELETE`);
		const type = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
		if (type !== 'application/x-www-form-urlencoded') throw badRequest('the alternate request syntax needs an application/x-www-form-urlencoded body');
		const form = new URLSearchParams(Buffer.from(body).toString('utf8'));
		params.delete('method');
		body = new Uint8Array();
		headers.delete('content-type');
		for (const [key, value] of form) {
			const lower = key.toLowerCase();
			if (FORM_HEADERS.includes(lower)) headers.set(lower, value);
			else if (key === 'content') body = Buffer.from(value, 'utf8');
			else params.append(key, value);
		}
		if (body.byteLength && !headers.has('content-type')) headers.set('content-type', 'application/json');
		method = target;
	}

	const versionHeader = headers.get('x-experience-api-version') ?? null;
	const version = parseVersion(versionHeader);
	if (resource !== 'about' && method !== 'OPTIONS') {
		if (!versionHeader) throw badRequest('the X-Experience-API-Version header is required');
		if (!version) throw badRequest(`X-Experience-API-Version ${versionHeader} is not supported (1.0.x or 2.0.x)`);
		if (alternate && version === '2.0') throw badRequest('the alternate request syntax was removed in xAPI 2.0');
	}
	return {
		method,
		resource,
		params,
		header: (name) => headers.get(name.toLowerCase()) ?? null,
		body,
		contentType: headers.get('content-type') ?? '',
		version: version ?? '1.0',
		versionHeader,
		alternate
	};
}

/** Rejects parameters the resource does not know (1.0.3: unknown parameters are errors); `cachebuster` passes. */
export function allowParams(req: XapiRequest, allowed: string[]) {
	for (const key of req.params.keys()) {
		if (key !== 'cachebuster' && !allowed.includes(key)) throw badRequest(`unknown parameter ${key}`);
	}
	for (const key of allowed) if (req.params.getAll(key).length > 1) throw badRequest(`parameter ${key} given more than once`);
}

export function jsonBody(req: XapiRequest, what: string): unknown {
	try {
		return JSON.parse(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength).toString('utf8'));
	} catch {
		throw badRequest(`${what}: the body is not valid JSON`);
	}
}
