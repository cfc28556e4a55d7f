import { takeHit } from '../auth/rate-limit';
import type { DbOrTx } from '../db';
import { certificateByCode } from './access';
import { normaliseCode } from './code';
import { statusOf, type CertificateStatus } from './status';

/** Lookups per client address in the rate-limit window (15 min): plenty for an HR office, useless for guessing. */
export const VERIFY_PER_ADDRESS = 60;

/**
 * What the public verification page may say about a certificate: its status and what is printed on it
 * about the course and issuer — of the person only the name (no e-mail, no organisation, no score).
 */
export type Verification =
	| { status: 'unknown' }
	| {
			status: CertificateStatus;
			/** Null for a replaced certificate: its name was wrong, and it must not lead to the new one. */
			holderName: string | null;
			courseTitle: string;
			courseVersion: number;
			kind: 'zertifikat' | 'teilnahmebescheinigung';
			language: 'de' | 'en';
			issuerName: string;
			issuedAt: Date;
			validUntil: Date | null;
			revokedAt: Date | null;
			revokedReason: string | null;
			renewed: boolean;
	  };

export type VerifyResult = { limited: true; retryAfterMinutes: number } | { limited: false; verification: Verification };

/** Looks a typed or scanned code up, counting the lookup against the client's rate limit. */
export async function verifyCode(db: DbOrTx, input: string, ip: string, now: Date = new Date()): Promise<VerifyResult> {
	const limit = await takeHit(db, 'verify:ip:' + ip, VERIFY_PER_ADDRESS, now);
	if (!limit.allowed) return { limited: true, retryAfterMinutes: limit.retryAfterMinutes };
	const code = normaliseCode(input);
	const c = code ? await certificateByCode(db, code) : undefined;
	if (!c) return { limited: false, verification: { status: 'unknown' } };
	const status = statusOf(c, now);
	return {
		limited: false,
		verification: {
			status,
			holderName: status === 'superseded' ? null : c.holderName,
			courseTitle: c.courseTitle,
			courseVersion: c.courseVersion,
			kind: c.kind,
			language: c.language,
			issuerName: c.issuerName,
			issuedAt: c.issuedAt,
			validUntil: c.validUntil,
			revokedAt: c.revokedAt,
			revokedReason: c.revokedReason,
			renewed: c.supersededReason === 'renewal'
		}
	};
}
