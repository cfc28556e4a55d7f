import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificates, type Certificate } from '../db/schema';
import { writeAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import { isAdmin } from '../auth/guards';
import { newVerificationCode } from './code';

export type ReissueOutcome =
	| { ok: true; certificate: Certificate; replaced: Certificate }
	| { ok: false; reason: 'not-found' | 'forbidden' | 'revoked' | 'superseded' | 'same-name' };

/**
 * A corrected copy after a wrong holder name: a new certificate with a new code and the corrected name
 * replaces the old one, in one transaction. Everything else printed on it (course, issuer, dates, validity)
 * stays as issued — a correction is no new achievement and does not extend validity. The old code then
 * verifies as "replaced" and points to nothing (the new code is the holder's to share).
 */
export async function reissueWithName(
	tx: DbOrTx,
	input: { certificateId: string; holderName: string; by: Pick<SessionUser, 'id' | 'roles'> }
): Promise<ReissueOutcome> {
	if (!isAdmin(input.by as SessionUser)) return { ok: false, reason: 'forbidden' };
	const [old] = await tx.select().from(certificates).where(eq(certificates.id, input.certificateId)).for('update');
	if (!old) return { ok: false, reason: 'not-found' };
	if (old.revokedAt) return { ok: false, reason: 'revoked' };
	if (old.supersededById) return { ok: false, reason: 'superseded' };
	const holderName = input.holderName.trim();
	if (holderName === old.holderName) return { ok: false, reason: 'same-name' };
	const { id: _id, code: _code, generation, supersededById: _s, supersededReason: _r, badgeOptInAt: _b, ...kept } = old;
	const [created] = await tx
		.insert(certificates)
		.values({ ...kept, holderName, code: newVerificationCode(), generation: generation + 1 })
		.returning();
	const [replaced] = await tx
		.update(certificates)
		.set({ supersededById: created!.id, supersededReason: 'reissue' })
		.where(and(eq(certificates.id, old.id), isNull(certificates.supersededById)))
		.returning();
	if (!replaced) throw new Error('certificate replaced concurrently');
	await writeAudit(tx, {
		actorId: input.by.id,
		action: 'certificate.reissue',
		targetType: 'certificate',
		targetId: created!.id,
		details: { replaces: old.id, oldCode: old.code, newCode: created!.code }
	});
	return { ok: true, certificate: created!, replaced };
}
