/**
 * Sending one batch to one target with @xapi/xapi. The library's own adapters either hide the status code
 * (fetch: a bare Error with the body) or bring no timeout; ours keeps the status, so the worker can tell a
 * 429/5xx (try again later) from a 400/409 (the same request will never succeed).
 */
import XAPI, { type Statement } from '@xapi/xapi';
import type { AdapterFunction } from '@xapi/xapi/dist/types/adapters';
import type { Versions } from '@xapi/xapi/dist/types/constants';
import type { ForwardTarget } from '../../db/schema';
import type { Json } from '../ifi';
import type { Failure } from './outbox';

export class ForwardHttpError extends Error {
	constructor(
		readonly status: number,
		body: string
	) {
		super(`HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
	}
}

export function timeoutAdapter(timeoutMs: number): AdapterFunction {
	return (async ({ url, method, headers = {}, data }) => {
		const isJson = String(headers['Content-Type'] ?? '').startsWith('application/json');
		const body = data === undefined ? undefined : isJson && typeof data !== 'string' ? JSON.stringify(data) : data;
		const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
		const text = await res.text();
		if (!res.ok) throw new ForwardHttpError(res.status, text);
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			/* not JSON: keep the text */
		}
		return { data: parsed, headers: Object.fromEntries(res.headers.entries()), status: res.status };
	}) as AdapterFunction;
}

/** 400, 409, 413 and other client errors are final; 401/403/404 and 408/429/5xx may heal (credentials, URL, load). */
export function classify(err: unknown): Failure {
	if (err instanceof ForwardHttpError) {
		const retry = [401, 403, 404, 408, 425, 429].includes(err.status) || err.status >= 500;
		return { status: err.status, message: err.message, permanent: !retry };
	}
	const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
	const reason = e?.name === 'TimeoutError' ? 'timeout' : (e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err));
	return { status: null, message: `no answer (${reason})`, permanent: false };
}

export interface Payload {
	contentType: string;
	content: Uint8Array;
}

/**
 * What the target receives: the statement as stored, minus what the receiving LRS sets itself (`stored`,
 * `authority` from the credentials we send; for 2.0.0 also `version`). The id stays: it is what makes a
 * resend after a crash harmless, because the target keeps the first copy (xAPI immutability).
 */
export function outgoing(raw: Json, version: ForwardTarget['version']): Json {
	const out: Json = { ...raw };
	delete out.stored;
	delete out.authority;
	if (version === '2.0.0') delete out.version;
	return out;
}

export function clientFor(target: Pick<ForwardTarget, 'endpoint' | 'username' | 'password' | 'version'>, adapter: AdapterFunction): XAPI {
	return new XAPI({
		endpoint: target.endpoint,
		auth: XAPI.toBasicAuth(target.username, target.password),
		// The library's type lists 1.0.x only; the header value is passed through as given.
		version: target.version as Versions,
		adapter
	});
}

/**
 * Sends statements as one request. Statements that carry attachment payloads go one per request with their
 * payloads (the library pairs payloads with the batch's attachments by position); the worker does that split.
 */
export async function sendBatch(xapi: XAPI, statements: Json[], payloads?: Payload[]): Promise<void> {
	if (payloads?.length) {
		await xapi.sendStatement({ statement: statements[0] as unknown as Statement, attachments: payloads.map((p) => toArrayBuffer(p.content)) });
		return;
	}
	await xapi.sendStatements({ statements: statements as unknown as Statement[] });
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
