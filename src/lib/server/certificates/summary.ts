import type { Certificate } from '../db/schema';
import type { CertificateStatus } from './status';

/** What lists show of a certificate (plain data for a page). */
export function certificateSummary(c: Certificate, status: CertificateStatus) {
	return {
		id: c.id,
		kind: c.kind,
		courseTitle: c.courseTitle,
		lang: c.language,
		status,
		issuedAt: c.issuedAt.toISOString(),
		validUntil: c.validUntil?.toISOString() ?? null
	};
}
export type CertificateSummary = ReturnType<typeof certificateSummary>;
