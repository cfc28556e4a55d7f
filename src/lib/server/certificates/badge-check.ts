import { takeHit } from '../auth/rate-limit';
import type { DbOrTx } from '../db';
import { getCertificate } from './access';
import { verifyBadge } from './badge';
import { statusOf } from './status';
import { VERIFY_PER_ADDRESS } from './verify';

/** A badge JWT is a few kilobytes; anything much larger is not one of ours. */
export const MAX_BADGE_CHARS = 64 * 1024;
/** The whole form (pasted text, an uploaded file, multipart overhead) is read up to this many bytes. */
export const MAX_BADGE_FORM_BYTES = 256 * 1024;

/**
 * What the public badge check says: whether the signature is ours and the credential still counts, and of
 * its content only what the paper certificate shows a verifier (achievement, issuer, dates, holder's name).
 */
export type BadgeCheck =
	| { status: 'malformed' | 'unknown-key' | 'invalid-signature' | 'too-large' }
	| {
			status: 'valid' | 'revoked' | 'expired' | 'superseded';
			achievement: string;
			issuer: string;
			validFrom: string;
			validUntil: string | null;
			/** Null for a replaced (name-corrected) certificate, as on the code verify page. */
			holderName: string | null;
	  };

export type BadgeCheckResult = { limited: true; retryAfterMinutes: number } | { limited: false; check: BadgeCheck };

const str = (v: unknown) => (typeof v === 'string' && v.length <= 2000 ? v : null);
const isoDate = (v: unknown) => (str(v) && !Number.isNaN(Date.parse(v as string)) ? new Date(v as string) : null);
const CREDENTIAL_ID = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The token as people bring it: pasted with line breaks or quotes around it, or the downloaded .jwt file. */
export function extractToken(input: string): string {
	return input.replace(/\s+/g, '').replace(/^["']|["']$/g, '');
}

/**
 * Checks a pasted or uploaded badge with the platform's own keys (verifyBadge), counting against the same
 * per-address limit as code lookups. Never throws on what a stranger sends.
 */
export async function checkBadge(db: DbOrTx, input: string, ip: string, now: Date = new Date()): Promise<BadgeCheckResult> {
	const limit = await takeHit(db, 'verify:ip:' + ip, VERIFY_PER_ADDRESS, now);
	if (!limit.allowed) return { limited: true, retryAfterMinutes: limit.retryAfterMinutes };
	return { limited: false, check: await judgeBadge(db, input, now) };
}

async function judgeBadge(db: DbOrTx, input: string, now: Date): Promise<BadgeCheck> {
	if (input.length > MAX_BADGE_CHARS) return { status: 'too-large' };
	const result = await verifyBadge(db, extractToken(input));
	if (!result.ok) return { status: result.error === 'malformed' ? 'malformed' : result.error === 'unknown key' ? 'unknown-key' : 'invalid-signature' };
	const vc = result.credential;
	const achievement = str(vc.credentialSubject?.achievement?.name);
	const issuer = str(vc.issuer?.name);
	const validFrom = isoDate(vc.validFrom);
	const validUntil = vc.validUntil === undefined ? null : isoDate(vc.validUntil);
	const identity = Array.isArray(vc.credentialSubject?.identifier) ? vc.credentialSubject.identifier[0] : undefined;
	const holderName = str(identity?.identityHash);
	// Signed by us yet not shaped like our credentials (an old or foreign format): say so rather than guess.
	if (!achievement || !issuer || !validFrom || (vc.validUntil !== undefined && !validUntil) || !holderName) return { status: 'malformed' };
	// The register knows more than the revocation list: a certificate replaced after a name correction.
	const id = CREDENTIAL_ID.exec(String(vc.id ?? ''))?.[1];
	const c = id ? await getCertificate(db, id) : undefined;
	const superseded = !!c && statusOf(c, now) === 'superseded';
	const status = result.revoked ? 'revoked' : superseded ? 'superseded' : validUntil && now.getTime() >= validUntil.getTime() ? 'expired' : 'valid';
	return {
		status,
		achievement,
		issuer,
		validFrom: validFrom.toISOString(),
		validUntil: validUntil?.toISOString() ?? null,
		holderName: status === 'superseded' ? null : holderName
	};
}

/**
 * Reads a form body of at most `max` bytes (the declared length first, then what actually arrives), so a
 * stranger's upload is refused before it is buffered whole. Null when it is larger.
 */
export async function readLimitedForm(request: Request, max: number): Promise<FormData | null | 'invalid'> {
	if (Number(request.headers.get('content-length') ?? 0) > max) return null;
	const chunks: Uint8Array[] = [];
	let total = 0;
	if (request.body) {
		const reader = request.body.getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.byteLength;
			if (total > max) {
				await reader.cancel();
				return null;
			}
			chunks.push(value);
		}
	}
	try {
		return await new Request('http://local/', { method: 'POST', headers: { 'content-type': request.headers.get('content-type') ?? '' }, body: Buffer.concat(chunks) }).formData();
	} catch {
		return 'invalid';
	}
}
