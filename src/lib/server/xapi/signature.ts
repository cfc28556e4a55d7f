/**
 * Signed statements (1.0.3 §2.6): the signature is a JWS in compact form, sent as an attachment. We check it
 * structurally — an RS256/384/512 header and a payload that is this very statement — which is what the spec
 * requires; verifying the key itself needs a trust decision the LRS cannot make for the client.
 */
import { badRequest } from './errors';
import type { Json } from './ifi';
import type { AttachmentPayload } from './store';
import { canonical } from './store';

export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

function decodePart(part: string, path: string, what: string): Json {
	try {
		const json = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		if (json && typeof json === 'object' && !Array.isArray(json)) return json;
	} catch {
		/* reported below */
	}
	throw badRequest(`${path}: the signature's ${what} is not base64url-encoded JSON`);
}

/** Without the parts the signature cannot cover or the LRS sets later. */
function comparable(s: Json): Json {
	const { attachments: _a, stored: _s, authority: _au, version: _v, id: _id, ...rest } = s;
	const result = rest.result as Json | undefined;
	if (typeof result?.duration === 'string') rest.result = { ...result, duration: hundredths(result.duration) };
	return rest;
}

/** Durations compare to 0.01 s (2.0.0 §4.2.7): a signer's PT1.2345S equals the stored PT1.23S. */
function hundredths(duration: string): string {
	return duration.replace(/(\d+)(?:\.(\d+))?S$/, (_m, whole: string, frac = '') => {
		const f = frac.slice(0, 2).replace(/0+$/, '');
		return `${Number(whole)}${f ? `.${f}` : ''}S`;
	});
}

export function checkSignature(statement: Json, payload: AttachmentPayload, path: string) {
	if (payload.contentType.split(';')[0]!.trim() !== 'application/octet-stream') throw badRequest(`${path}.contentType: a signature must be application/octet-stream`);
	const parts = Buffer.from(payload.content).toString('utf8').trim().split('.');
	if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[2]) throw badRequest(`${path}: the signature is not a JWS in compact serialization`);
	const header = decodePart(parts[0]!, path, 'header');
	if (!ALGORITHMS.has(header.alg as string)) throw badRequest(`${path}: the signature's algorithm must be RS256, RS384 or RS512`);
	const signed = decodePart(parts[1]!, path, 'payload');
	if (signed.id !== undefined && statement.id !== undefined && String(signed.id).toLowerCase() !== String(statement.id).toLowerCase()) {
		throw badRequest(`${path}: the signed statement has a different id`);
	}
	if (canonical(comparable(signed)) !== canonical(comparable(statement))) throw badRequest(`${path}: the signed payload differs from the statement`);
}
