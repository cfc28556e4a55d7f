import { desc, eq, and, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { auditLog, users } from '../db/schema';

export interface AuditInput {
	actorId: string | null;
	action: string;
	targetType: string;
	targetId?: string | null;
	details?: Record<string, unknown>;
}

/** Written in the caller's transaction, so a change and its audit entry land together or not at all. */
export async function writeAudit(db: DbOrTx, entry: AuditInput): Promise<void> {
	await db.insert(auditLog).values({
		actorId: entry.actorId,
		action: entry.action,
		targetType: entry.targetType,
		targetId: entry.targetId ?? null,
		details: entry.details ?? {}
	});
}

export async function listAudit(
	db: DbOrTx,
	opts: { before?: number; limit?: number; targetType?: string; targetId?: string } = {}
) {
	const limit = Math.min(opts.limit ?? 50, 200);
	const where: SQL[] = [];
	if (opts.before) where.push(lt(auditLog.id, opts.before));
	if (opts.targetType) where.push(eq(auditLog.targetType, opts.targetType));
	if (opts.targetId) where.push(eq(auditLog.targetId, opts.targetId));
	const rows = await db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			targetType: auditLog.targetType,
			targetId: auditLog.targetId,
			details: auditLog.details,
			actorName: users.name,
			actorEmail: users.email
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(auditLog.id))
		.limit(limit + 1);
	return { entries: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1]!.id : null };
}
