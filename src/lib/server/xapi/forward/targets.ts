/**
 * Forwarding targets as the admin manages them at /admin/lrs/forwarding. Every change is audited in the same
 * transaction; the password never leaves the server (lists and the edit form get `hasPassword` only).
 */
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { xapiForwardTargets, type ForwardTarget, type ForwardVersion } from '../../db/schema';
import { writeAudit } from '../../audit';
import { countByTarget, retryDeadLetters, type StatusCounts } from './outbox';

export interface TargetInput {
	name: string;
	endpoint: string;
	username: string;
	/** On update: null keeps the stored password. */
	password: string | null;
	version: ForwardVersion;
	verbs: string[];
	activities: string[];
	/** Only this organisation's statements; null or absent = all. */
	organisationId?: string | null;
}

export type PublicTarget = Omit<ForwardTarget, 'password'> & { counts: StatusCounts };

/** The endpoint as the library wants it: with a trailing slash, so `statements` is appended below it. */
export const normaliseEndpoint = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export async function listTargets(db: DbOrTx): Promise<PublicTarget[]> {
	const rows = await db.select().from(xapiForwardTargets).orderBy(desc(xapiForwardTargets.createdAt));
	const counts = await countByTarget(db);
	return rows.map(({ password: _password, ...t }) => ({ ...t, counts: counts.get(t.id) ?? { pending: 0, done: 0, dead: 0 } }));
}

export async function getTarget(db: DbOrTx, id: string): Promise<ForwardTarget | null> {
	const [row] = await db.select().from(xapiForwardTargets).where(eq(xapiForwardTargets.id, id));
	return row ?? null;
}

const auditDetails = (t: Omit<TargetInput, 'password'>) => ({ name: t.name, endpoint: t.endpoint, username: t.username, version: t.version, verbs: t.verbs, activities: t.activities, organisationId: t.organisationId ?? null });

export async function createTarget(tx: DbOrTx, input: TargetInput & { password: string }, adminId: string | null): Promise<ForwardTarget> {
	const [row] = await tx
		.insert(xapiForwardTargets)
		.values({ ...input, endpoint: normaliseEndpoint(input.endpoint), createdBy: adminId })
		.returning();
	await writeAudit(tx, { actorId: adminId, action: 'lrs_forward.create', targetType: 'lrs_forward', targetId: row!.id, details: auditDetails(input) });
	return row!;
}

export async function updateTarget(tx: DbOrTx, id: string, input: TargetInput, adminId: string | null): Promise<boolean> {
	const { password, ...rest } = input;
	const rows = await tx
		.update(xapiForwardTargets)
		.set({ ...rest, endpoint: normaliseEndpoint(rest.endpoint), ...(password ? { password } : {}) })
		.where(eq(xapiForwardTargets.id, id))
		.returning({ id: xapiForwardTargets.id });
	if (!rows.length) return false;
	await writeAudit(tx, { actorId: adminId, action: 'lrs_forward.update', targetType: 'lrs_forward', targetId: id, details: { ...auditDetails(rest), passwordChanged: Boolean(password) } });
	return true;
}

/** Deleting a target drops what was still queued for it; the statements themselves stay. */
export async function deleteTarget(tx: DbOrTx, id: string, adminId: string | null): Promise<boolean> {
	const rows = await tx.delete(xapiForwardTargets).where(eq(xapiForwardTargets.id, id)).returning({ name: xapiForwardTargets.name });
	if (!rows.length) return false;
	await writeAudit(tx, { actorId: adminId, action: 'lrs_forward.delete', targetType: 'lrs_forward', targetId: id, details: { name: rows[0]!.name } });
	return true;
}

/** A paused target collects no new rows; rows already queued wait and are sent when it is enabled again. */
export async function setTargetDisabled(tx: DbOrTx, id: string, disabled: boolean, adminId: string | null): Promise<boolean> {
	const rows = await tx
		.update(xapiForwardTargets)
		.set({ disabledAt: disabled ? new Date() : null })
		.where(eq(xapiForwardTargets.id, id))
		.returning({ name: xapiForwardTargets.name });
	if (!rows.length) return false;
	await writeAudit(tx, { actorId: adminId, action: disabled ? 'lrs_forward.disable' : 'lrs_forward.enable', targetType: 'lrs_forward', targetId: id, details: { name: rows[0]!.name } });
	return true;
}

export async function retryTarget(tx: DbOrTx, id: string, adminId: string | null, now = new Date()): Promise<number | null> {
	const target = await getTarget(tx, id);
	if (!target) return null;
	const n = await retryDeadLetters(tx, id, now);
	await writeAudit(tx, { actorId: adminId, action: 'lrs_forward.retry', targetType: 'lrs_forward', targetId: id, details: { name: target.name, statements: n } });
	return n;
}
