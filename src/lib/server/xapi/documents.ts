/**
 * Documents of the state, activity profile and agent profile resources: bytes plus content type, keyed by
 * (kind, activity, agent, registration, id). The ETag is the SHA-1 of the bytes, as xAPI 1.0.3 expects.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { xapiActivities, xapiDocuments, type XapiDocument } from '../db/schema';

export type DocumentKind = XapiDocument['kind'];

export interface DocumentKey {
	kind: DocumentKind;
	activityId: string | null;
	agentIfi: string | null;
	registration: string | null;
}

export const etagOf = (content: Uint8Array) => createHash('sha1').update(content).digest('hex');

function keyWhere(key: DocumentKey): SQL {
	const eqOrNull = <T extends string | null>(col: Parameters<typeof eq>[0], v: T) => (v === null ? isNull(col) : eq(col, v));
	return and(eq(xapiDocuments.kind, key.kind), eqOrNull(xapiDocuments.activityId, key.activityId), eqOrNull(xapiDocuments.agentIfi, key.agentIfi), eqOrNull(xapiDocuments.registration, key.registration))!;
}

export async function getDocument(db: DbOrTx, key: DocumentKey, documentId: string): Promise<XapiDocument | null> {
	const [doc] = await db.select().from(xapiDocuments).where(and(keyWhere(key), eq(xapiDocuments.documentId, documentId)));
	return doc ?? null;
}

export async function listDocumentIds(db: DbOrTx, key: DocumentKey, since?: string): Promise<string[]> {
	const rows = await db
		.select({ id: xapiDocuments.documentId })
		.from(xapiDocuments)
		.where(and(keyWhere(key), since ? gt(xapiDocuments.updated, sql`${since}::timestamptz`) : undefined))
		.orderBy(asc(xapiDocuments.documentId));
	return rows.map((r) => r.id);
}

export async function putDocument(db: DbOrTx, key: DocumentKey, documentId: string, contentType: string, content: Uint8Array, clientId: string | null): Promise<string> {
	const etag = etagOf(content);
	const values = { ...key, documentId, contentType, content: Buffer.from(content), etag, updated: new Date(), clientId };
	await db
		.insert(xapiDocuments)
		.values(values)
		.onConflictDoUpdate({
			target: [xapiDocuments.kind, xapiDocuments.activityId, xapiDocuments.agentIfi, xapiDocuments.registration, xapiDocuments.documentId],
			set: { contentType, content: values.content, etag, updated: values.updated, clientId }
		});
	return etag;
}

export async function deleteDocuments(db: DbOrTx, key: DocumentKey, documentId?: string): Promise<void> {
	await db.delete(xapiDocuments).where(and(keyWhere(key), documentId === undefined ? undefined : eq(xapiDocuments.documentId, documentId)));
}

/** The canonical definition the activities resource returns (merged from the statements received). */
export async function activityDefinition(db: DbOrTx, id: string): Promise<Record<string, unknown> | null> {
	const [row] = await db.select({ definition: xapiActivities.definition }).from(xapiActivities).where(eq(xapiActivities.id, id));
	return row?.definition ?? null;
}
