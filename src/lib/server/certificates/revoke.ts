import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificates, type Certificate } from '../db/schema';
import { writeAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import { platformAuthority, recordStatements } from '../xapi/store';
import { mayManage } from './access';
import { certificateRevoked } from './records';

export type RevokeOutcome = { ok: true; certificate: Certificate } | { ok: false; reason: 'not-found' | 'forbidden' | 'already-revoked' | 'superseded' };

/**
 * Revokes a certificate for good, with the reason the verify page shows. Only admins and trainers of the
 * issuing organisation may; the change, its audit entry and the xAPI statement land in the caller's
 * transaction together. A replaced certificate is not revoked (its successor is the one that counts).
 */
export async function revokeCertificate(
	tx: DbOrTx,
	input: { certificateId: string; reason: string; by: Pick<SessionUser, 'id' | 'actorId' | 'roles'>; origin: string; now?: Date }
): Promise<RevokeOutcome> {
	const now = input.now ?? new Date();
	const [c] = await tx.select().from(certificates).where(eq(certificates.id, input.certificateId)).for('update');
	if (!c) return { ok: false, reason: 'not-found' };
	if (!mayManage(input.by as SessionUser, c)) return { ok: false, reason: 'forbidden' };
	if (c.revokedAt) return { ok: false, reason: 'already-revoked' };
	if (c.supersededById) return { ok: false, reason: 'superseded' };
	const [revoked] = await tx
		.update(certificates)
		.set({ revokedAt: now, revokedReason: input.reason, revokedBy: input.by.id })
		.where(and(eq(certificates.id, c.id), isNull(certificates.revokedAt)))
		.returning();
	if (!revoked) return { ok: false, reason: 'already-revoked' };
	await writeAudit(tx, {
		actorId: input.by.id,
		action: 'certificate.revoke',
		targetType: 'certificate',
		targetId: c.id,
		details: { code: c.code, reason: input.reason }
	});
	await recordStatements(tx, [certificateRevoked(input.origin, input.by.actorId, revoked, input.reason, now)], platformAuthority(input.origin));
	return { ok: true, certificate: revoked };
}
