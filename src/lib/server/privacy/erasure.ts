import { and, asc, count, desc, eq, isNotNull, lte, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import {
	assignmentPeople,
	auditLog,
	certificates,
	erasureRequests,
	invitations,
	mailOutbox,
	userRoles,
	users,
	type ErasureRequest
} from '../db/schema';
import { writeAudit } from '../audit';
import { eraseActor } from '../xapi/erasure';

/**
 * Erasure of a learner on request (DSGVO Art. 17), completed by an admin or automatically after a delay
 * (docs/decisions/010-erasure.md). Completing deletes the account row itself: the schema's foreign keys then
 * remove everything that is only about the person (roles, sessions, tokens, enrolments with progress,
 * attempts, answers and self-assessments, assignment rows, reminder keys) and set the remaining references to
 * null (audit actor, certificate holder, the request itself). What the keys cannot reach — learning records in
 * the LRS, mails and invitations addressed to the person, the address inside audit details — is removed here,
 * in the same transaction. Certificates stay in the register with what verification shows (holder name,
 * course, issuer, dates), so a certificate handed out keeps its proof value.
 */

export type ErasureError = 'not_pending' | 'last_admin';

/** Idempotent: a second request while one is pending returns the pending one. */
export async function requestErasure(db: DbOrTx, userId: string, now = new Date()): Promise<ErasureRequest> {
	const [pending] = await db.select().from(erasureRequests).where(and(eq(erasureRequests.userId, userId), eq(erasureRequests.status, 'pending')));
	if (pending) return pending;
	const [row] = await db.insert(erasureRequests).values({ userId, requestedAt: now }).returning();
	await writeAudit(db, { actorId: userId, action: 'user.erasure_request', targetType: 'erasure_request', targetId: row!.id });
	return row!;
}

export async function pendingErasureOf(db: DbOrTx, userId: string): Promise<ErasureRequest | null> {
	const [row] = await db.select().from(erasureRequests).where(and(eq(erasureRequests.userId, userId), eq(erasureRequests.status, 'pending')));
	return row ?? null;
}

export async function withdrawErasure(db: DbOrTx, userId: string): Promise<boolean> {
	const rows = await db
		.update(erasureRequests)
		.set({ status: 'withdrawn' })
		.where(and(eq(erasureRequests.userId, userId), eq(erasureRequests.status, 'pending')))
		.returning({ id: erasureRequests.id });
	for (const r of rows) await writeAudit(db, { actorId: userId, action: 'user.erasure_withdraw', targetType: 'erasure_request', targetId: r.id });
	return rows.length > 0;
}

export async function listErasureRequests(db: DbOrTx) {
	const pending = await db
		.select({ id: erasureRequests.id, requestedAt: erasureRequests.requestedAt, userId: users.id, name: users.name, email: users.email })
		.from(erasureRequests)
		.innerJoin(users, eq(users.id, erasureRequests.userId))
		.where(eq(erasureRequests.status, 'pending'))
		.orderBy(asc(erasureRequests.requestedAt));
	// Completed requests carry no person any more: dates, who completed it and counts only.
	const completed = await db
		.select({ id: erasureRequests.id, requestedAt: erasureRequests.requestedAt, completedAt: erasureRequests.completedAt, completedBy: users.name, outcome: erasureRequests.outcome })
		.from(erasureRequests)
		.leftJoin(users, eq(users.id, erasureRequests.completedBy))
		.where(eq(erasureRequests.status, 'completed'))
		.orderBy(desc(erasureRequests.completedAt))
		.limit(50);
	return { pending, completed };
}

/**
 * Completes one pending request. The status change is conditional (pending → completed), so an admin and the
 * automatic run, or two processes, never erase twice; the loser gets `not_pending`. `actorId` null = the
 * automatic run. Refuses to erase the last active admin: the platform must never lose its administration.
 */
export async function completeErasure(
	tx: DbOrTx,
	requestId: string,
	actorId: string | null,
	now = new Date()
): Promise<{ ok: true; outcome: Record<string, number> } | { ok: false; error: ErasureError }> {
	const [request] = await tx
		.select()
		.from(erasureRequests)
		.where(and(eq(erasureRequests.id, requestId), eq(erasureRequests.status, 'pending'), isNotNull(erasureRequests.userId)));
	if (!request) return { ok: false, error: 'not_pending' };
	const [user] = await tx.select().from(users).where(eq(users.id, request.userId!));
	if (!user) return { ok: false, error: 'not_pending' };
	if (await isLastAdmin(tx, user.id)) return { ok: false, error: 'last_admin' };
	// Conditional, so of two concurrent completions the second waits for the first and then finds nothing.
	const claimed = await tx
		.update(erasureRequests)
		.set({ status: 'completed', completedAt: now, completedBy: actorId })
		.where(and(eq(erasureRequests.id, requestId), eq(erasureRequests.status, 'pending')))
		.returning({ id: erasureRequests.id });
	if (!claimed.length) return { ok: false, error: 'not_pending' };

	const lrs = await eraseActor(tx, user.actorId);
	const email = user.email;
	const mails = (await tx.delete(mailOutbox).where(eq(mailOutbox.recipient, email)).returning({ id: mailOutbox.id })).length;
	const invited = (
		await tx
			.delete(invitations)
			.where(sql`${invitations.email} = ${email} or ${invitations.acceptedBy} = ${user.id}`)
			.returning({ id: invitations.id })
	).length;
	await tx.delete(assignmentPeople).where(eq(assignmentPeople.pendingEmail, email));
	// Audit rows stay (who did what, when), without the person's details: entries about the account lose
	// their details, and the address is cut out of any other entry that mentions it (e.g. an invitation list).
	await tx.update(auditLog).set({ details: { erased: true } }).where(and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, user.id)));
	await tx.execute(
		sql`update audit_log set details = replace(details::text, ${JSON.stringify(email).slice(1, -1)}, 'erased')::jsonb where details::text like ${'%' + escapeLike(JSON.stringify(email).slice(1, -1)) + '%'}`
	);
	// A replaced certificate verifies as "replaced" without a name, so its copy of the name has no purpose left.
	await tx.update(certificates).set({ holderName: '' }).where(and(eq(certificates.userId, user.id), isNotNull(certificates.supersededById)));
	const [kept] = await tx.select({ n: count() }).from(certificates).where(eq(certificates.userId, user.id));

	await tx.delete(users).where(eq(users.id, user.id));
	const outcome = { statements: lrs.statements, documents: lrs.documents, mails, invitations: invited, certificatesKept: kept?.n ?? 0 };
	await tx.update(erasureRequests).set({ outcome }).where(eq(erasureRequests.id, requestId));
	// Counts only, and the request id (the user id would point at nothing and says nothing any more).
	await writeAudit(tx, { actorId, action: 'user.erasure_complete', targetType: 'erasure_request', targetId: requestId, details: { ...outcome, automatic: actorId === null } });
	return { ok: true, outcome };
}

/** The automatic completion: requests older than `delayDays` are completed, each in its own transaction. */
export async function completeDueErasures(db: DbOrTx, now: Date, delayDays: number): Promise<number> {
	if (delayDays <= 0) return 0;
	const before = new Date(now.getTime() - delayDays * 86_400_000);
	const due = await db
		.select({ id: erasureRequests.id })
		.from(erasureRequests)
		.where(and(eq(erasureRequests.status, 'pending'), lte(erasureRequests.requestedAt, before)))
		.orderBy(asc(erasureRequests.requestedAt));
	let done = 0;
	for (const r of due) {
		const result = await db.transaction((tx) => completeErasure(tx, r.id, null, now));
		if (result.ok) done++;
	}
	return done;
}

async function isLastAdmin(db: DbOrTx, userId: string): Promise<boolean> {
	const [own] = await db.select({ n: count() }).from(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, 'admin')));
	if (!own?.n) return false;
	const [others] = await db
		.select({ n: count() })
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.where(and(eq(userRoles.role, 'admin'), ne(userRoles.userId, userId), sql`${users.deactivatedAt} is null`));
	return !others?.n;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

