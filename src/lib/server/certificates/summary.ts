import type { Certificate } from '../db/schema';
import type { CertificateStatus } from './status';

/** What lists show of a certificate (plain data for a page). */
export function certificateSummary(c: Certificate, status: CertificateStatus, renewUrl: string | null = null) {
	return {
		id: c.id,
		kind: c.kind,
		courseTitle: c.courseTitle,
		lang: c.language,
		status,
		issuedAt: c.issuedAt.toISOString(),
		validUntil: c.validUntil?.toISOString() ?? null,
		/** The final assessment to retake, once the certificate is in its renewal window or expired. */
		renewUrl
	};
}
export type CertificateSummary = ReturnType<typeof certificateSummary>;
