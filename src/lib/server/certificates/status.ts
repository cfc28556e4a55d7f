import { and, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificates, type Certificate } from '../db/schema';

/**
 * What a verifier is told. `superseded` = replaced by a corrected certificate (reissue); a renewed
 * certificate keeps its own dates and status.
 */
export type CertificateStatus = 'valid' | 'expired' | 'revoked' | 'superseded';

export function statusOf(c: Pick<Certificate, 'revokedAt' | 'supersededReason' | 'validUntil'>, now: Date = new Date()): CertificateStatus {
	if (c.revokedAt) return 'revoked';
	if (c.supersededReason === 'reissue') return 'superseded';
	if (c.validUntil && now.getTime() >= c.validUntil.getTime()) return 'expired';
	return 'valid';
}

export interface CertificateStatusRow {
	userId: string;
	courseId: string;
	certificateId: string;
	status: Exclude<CertificateStatus, 'superseded'>;
	issuedAt: Date;
	validUntil: Date | null;
}

const RANK = { valid: 0, expired: 1, revoked: 2 } as const;

/**
 * Certificate validity per person and course, for the manager's completion table: of a person's current
 * certificates for a course (one per version; replaced ones do not count) the best one — valid before
 * expired before revoked, then the newest. People without a certificate are simply absent.
 */
export async function certificateStatuses(
	db: DbOrTx,
	filter: { userIds: string[]; courseIds?: string[] },
	now: Date = new Date()
): Promise<Map<string, CertificateStatusRow>> {
	const out = new Map<string, CertificateStatusRow>();
	if (!filter.userIds.length || (filter.courseIds && !filter.courseIds.length)) return out;
	const rows = await db
		.select()
		.from(certificates)
		.where(
			and(
				inArray(certificates.userId, filter.userIds),
				filter.courseIds ? inArray(certificates.courseId, filter.courseIds) : undefined,
				isNull(certificates.supersededById)
			)
		);
	for (const c of rows) {
		const status = statusOf(c, now) as CertificateStatusRow['status'];
		const key = statusKey(c.userId!, c.courseId);
		const prev = out.get(key);
		const better = !prev || RANK[status] < RANK[prev.status] || (RANK[status] === RANK[prev.status] && c.issuedAt > prev.issuedAt);
		if (better) out.set(key, { userId: c.userId!, courseId: c.courseId, certificateId: c.id, status, issuedAt: c.issuedAt, validUntil: c.validUntil });
	}
	return out;
}

export const statusKey = (userId: string, courseId: string) => `${userId}:${courseId}`;
