/**
 * The forwarding outbox: claiming due rows with a lease, marking them done, backing off, and dead letters
 * an admin can send again. Every function takes the time as an argument, so tests drive the clock.
 */
import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { xapiForwardOutbox, xapiForwardTargets, xapiStatements, type ForwardOutboxRow, type ForwardStatus } from '../../db/schema';

/** Attempts before a row that keeps failing with a temporary error becomes a dead letter. */
export const MAX_ATTEMPTS = 10;
/** How long a worker may hold claimed rows before another run may take them (a process that died mid-send). */
export const LEASE_MS = 2 * 60 * 1000;

/** base, 2·base, 4·base … capped at one hour: with the default 30 s a target may be down for about 4 h. */
export function backoffMs(attempt: number, baseMs = 30_000): number {
	return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60 * 60 * 1000);
}

/** Takes up to `limit` due rows of enabled targets, oldest first. `skip locked` lets several processes share one database. */
export async function claimDue(db: DbOrTx, now: Date, limit = 200): Promise<ForwardOutboxRow[]> {
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: xapiForwardOutbox.id })
			.from(xapiForwardOutbox)
			.where(
				and(
					eq(xapiForwardOutbox.status, 'pending'),
					lte(xapiForwardOutbox.nextAttemptAt, now),
					or(isNull(xapiForwardOutbox.lockedUntil), lt(xapiForwardOutbox.lockedUntil, now)),
					inArray(xapiForwardOutbox.targetId, tx.select({ id: xapiForwardTargets.id }).from(xapiForwardTargets).where(isNull(xapiForwardTargets.disabledAt)))
				)
			)
			.orderBy(asc(xapiForwardOutbox.id))
			.limit(limit)
			.for('update', { skipLocked: true });
		if (!due.length) return [];
		const rows = await tx
			.update(xapiForwardOutbox)
			.set({ lockedUntil: new Date(now.getTime() + LEASE_MS) })
			.where(inArray(xapiForwardOutbox.id, due.map((d) => d.id)))
			.returning();
		return rows.sort((a, b) => a.id - b.id);
	});
}

export async function markDone(db: DbOrTx, ids: number[], now: Date): Promise<void> {
	if (!ids.length) return;
	await db
		.update(xapiForwardOutbox)
		.set({ status: 'done', doneAt: now, lockedUntil: null, lastError: null })
		.where(inArray(xapiForwardOutbox.id, ids));
}

export interface Failure {
	/** HTTP status of the answer; null when there was none (timeout, refused connection). */
	status: number | null;
	message: string;
	/** A 400 or 409 will not change by sending the same statement again. */
	permanent: boolean;
}

/** Counts an attempt; the row waits for its backoff, or becomes a dead letter (permanent error or too many attempts). */
export async function markFailed(db: DbOrTx, rows: Pick<ForwardOutboxRow, 'id' | 'attempts'>[], failure: Failure, now: Date, retryBaseMs?: number): Promise<void> {
	// Rows claimed together share their attempt count in practice; grouping keeps it to one update per count.
	const byAttempts = new Map<number, number[]>();
	for (const r of rows) byAttempts.set(r.attempts, [...(byAttempts.get(r.attempts) ?? []), r.id]);
	for (const [attempts, ids] of byAttempts) {
		const next = attempts + 1;
		const dead = failure.permanent || next >= MAX_ATTEMPTS;
		await db
			.update(xapiForwardOutbox)
			.set({
				attempts: next,
				lastStatus: failure.status,
				lastError: failure.message.slice(0, 500),
				lockedUntil: null,
				...(dead ? { status: 'dead' as const } : { nextAttemptAt: new Date(now.getTime() + backoffMs(next, retryBaseMs)) })
			})
			.where(inArray(xapiForwardOutbox.id, ids));
	}
}

/** The admin's "send again": dead letters of a target go back into the queue with a fresh count. */
export async function retryDeadLetters(db: DbOrTx, targetId: string, now: Date): Promise<number> {
	const rows = await db
		.update(xapiForwardOutbox)
		.set({ status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null })
		.where(and(eq(xapiForwardOutbox.targetId, targetId), eq(xapiForwardOutbox.status, 'dead')))
		.returning({ id: xapiForwardOutbox.id });
	return rows.length;
}

export type StatusCounts = Record<ForwardStatus, number>;

export async function countByTarget(db: DbOrTx): Promise<Map<string, StatusCounts>> {
	const rows = await db
		.select({ targetId: xapiForwardOutbox.targetId, status: xapiForwardOutbox.status, n: count() })
		.from(xapiForwardOutbox)
		.groupBy(xapiForwardOutbox.targetId, xapiForwardOutbox.status);
	const out = new Map<string, StatusCounts>();
	for (const r of rows) {
		const c = out.get(r.targetId) ?? { pending: 0, done: 0, dead: 0 };
		c[r.status] = Number(r.n);
		out.set(r.targetId, c);
	}
	return out;
}

export interface DeadLetter {
	id: number;
	statementId: string;
	attempts: number;
	lastStatus: number | null;
	lastError: string | null;
	createdAt: Date;
}

/** The newest dead letters of a target, with the statement they carry. */
export async function listDeadLetters(db: DbOrTx, targetId: string, limit = 20): Promise<DeadLetter[]> {
	return db
		.select({
			id: xapiForwardOutbox.id,
			statementId: xapiStatements.id,
			attempts: xapiForwardOutbox.attempts,
			lastStatus: xapiForwardOutbox.lastStatus,
			lastError: xapiForwardOutbox.lastError,
			createdAt: xapiForwardOutbox.createdAt
		})
		.from(xapiForwardOutbox)
		.innerJoin(xapiStatements, eq(xapiStatements.sequence, xapiForwardOutbox.statementSequence))
		.where(and(eq(xapiForwardOutbox.targetId, targetId), eq(xapiForwardOutbox.status, 'dead')))
		.orderBy(desc(xapiForwardOutbox.id))
		.limit(limit);
}

/** Delivered rows are only bookkeeping; they go after a week. Dead letters stay until an admin acts. */
export async function purgeDone(db: DbOrTx, now: Date, keepDays = 7): Promise<void> {
	const before = new Date(now.getTime() - keepDays * 24 * 60 * 60 * 1000);
	await db.execute(sql`delete from xapi_forward_outbox where status = 'done' and done_at < ${before.toISOString()}::timestamptz`);
}
