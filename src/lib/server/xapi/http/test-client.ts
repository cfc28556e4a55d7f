/** Test helper: calls the LRS handler as an HTTP client would, without a server. */
import { getDb } from '../../db';
import { createClient, type LrsScope } from '../clients';
import { handleXapi } from './handler';

export const ORIGIN = 'https://lb.example';

export interface Call {
	method?: string;
	query?: Record<string, string> | string;
	body?: unknown;
	raw?: BodyInit;
	headers?: Record<string, string>;
	version?: string | null;
	auth?: string | null;
}

export async function lrsClient(scopes: LrsScope[] = ['all'], organisationId: string | null = null) {
	const { key, secret, client } = await createClient(getDb(), { name: `test-${crypto.randomUUID().slice(0, 8)}`, scopes, organisationId });
	const auth = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
	const call = async (resource: string, c: Call = {}) => {
		const qs = typeof c.query === 'string' ? c.query : new URLSearchParams(c.query ?? {}).toString();
		const url = new URL(`${ORIGIN}/xapi/${resource}${qs ? `?${qs}` : ''}`);
		const headers: Record<string, string> = { ...(c.headers ?? {}) };
		if (c.version !== null) headers['X-Experience-API-Version'] = c.version ?? '1.0.3';
		if (c.auth !== null) headers.Authorization = c.auth ?? auth;
		let body: BodyInit | undefined = c.raw;
		if (c.body !== undefined) {
			body = JSON.stringify(c.body);
			headers['Content-Type'] ??= 'application/json';
		}
		const request = new Request(url, { method: c.method ?? 'GET', headers, body });
		const res = await handleXapi(request, url, resource, { db: getDb(), origin: ORIGIN });
		const text = await res.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json: json as any };
	};
	return { key, secret, client, auth, call };
}
