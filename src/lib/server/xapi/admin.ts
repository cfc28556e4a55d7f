/**
 * What the admin pages at /admin/lrs need: clients with their statement counts, audited changes to clients,
 * and a paged statement browser. Paging is a keyset on the stored sequence (newest first), never OFFSET, so
 * a page costs the same deep in a million statements as at the top.
 */
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { lrsClients, organisations, xapiStatementActivities, xapiStatements } from '../db/schema';
import { writeAudit } from '../audit';
import { createClient, setClientDisabled, type NewClient } from './clients';
import { activityMatches } from './query';

export interface ClientRow {
	id: string;
	name: string;
	key: string;
	scopes: string[];
	organisationName: string | null;
	createdAt: Date;
	disabledAt: Date | null;
	statements: number;
}

/** Every client, newest first, with how many stored statements carry it as authority. */
export async function listClientsWithCounts(db: DbOrTx): Promise<ClientRow[]> {
	const counts = db
		.select({ clientId: xapiStatements.authorityClientId, n: sql<number>`count(*)::int`.as('n') })
		.from(xapiStatements)
		.groupBy(xapiStatements.authorityClientId)
		.as('counts');
	const rows = await db
		.select({
			id: lrsClients.id,
			name: lrsClients.name,
			key: lrsClients.key,
			scopes: lrsClients.scopes,
			organisationName: organisations.name,
			createdAt: lrsClients.createdAt,
			disabledAt: lrsClients.disabledAt,
			statements: counts.n
		})
		.from(lrsClients)
		.leftJoin(organisations, eq(organisations.id, lrsClients.organisationId))
		.leftJoin(counts, eq(counts.clientId, lrsClients.id))
		.orderBy(desc(lrsClients.createdAt));
	return rows.map((r) => ({ ...r, scopes: [...r.scopes], statements: Number(r.statements ?? 0) }));
}

/** Statements the platform wrote itself (no client as authority). */
export async function countPlatformStatements(db: DbOrTx): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(xapiStatements)
		.where(sql`${xapiStatements.authorityClientId} is null`);
	return Number(row?.n ?? 0);
}

/** Creates a client and its audit entry; the secret is returned once and never stored in clear. */
export async function createClientAudited(tx: DbOrTx, input: NewClient & { createdBy: string }) {
	const created = await createClient(tx, input);
	await writeAudit(tx, {
		actorId: input.createdBy,
		action: 'lrs_client.create',
		targetType: 'lrs_client',
		targetId: created.client.id,
		details: { name: input.name, key: created.key, scopes: input.scopes, organisationId: input.organisationId ?? null }
	});
	return created;
}

/** Disables or enables a client; returns false when there is no such client. */
export async function setClientDisabledAudited(tx: DbOrTx, id: string, disabled: boolean, adminId: string): Promise<boolean> {
	const [client] = await tx.select({ key: lrsClients.key }).from(lrsClients).where(eq(lrsClients.id, id));
	if (!client) return false;
	await setClientDisabled(tx, id, disabled);
	await writeAudit(tx, {
		actorId: adminId,
		action: disabled ? 'lrs_client.disable' : 'lrs_client.enable',
		targetType: 'lrs_client',
		targetId: id,
		details: { key: client.key }
	});
	return true;
}

export interface BrowseFilter {
	verb?: string | null;
	activity?: string | null;
	since?: Date | null;
	until?: Date | null;
	/** Keyset: show statements stored before this sequence. */
	before?: number | null;
	limit?: number;
}

export interface BrowsedStatement {
	sequence: number;
	id: string;
	stored: Date;
	verbId: string;
	objectId: string | null;
	voided: boolean;
	json: string;
}

/** One page of statements, newest first, and the keyset for the next (older) page. */
export async function browseStatements(db: DbOrTx, filter: BrowseFilter): Promise<{ statements: BrowsedStatement[]; nextBefore: number | null }> {
	const limit = Math.min(Math.max(filter.limit ?? 20, 1), 100);
	const where: SQL[] = [];
	if (filter.verb) where.push(eq(xapiStatements.verbId, filter.verb));
	if (filter.activity) {
		// The activity as the statement's object (also inside a sub-statement), like the `activity` GET filter.
		where.push(
			inArray(
				xapiStatements.sequence,
				db
					.select({ s: xapiStatementActivities.statementSequence })
					.from(xapiStatementActivities)
					.where(and(activityMatches(sql`${xapiStatementActivities}`, filter.activity), eq(xapiStatementActivities.primary, true)))
			)
		);
	}
	if (filter.since) where.push(gte(xapiStatements.stored, filter.since));
	if (filter.until) where.push(lt(xapiStatements.stored, filter.until));
	if (filter.before) where.push(lt(xapiStatements.sequence, filter.before));
	const rows = await db
		.select({
			sequence: xapiStatements.sequence,
			id: xapiStatements.id,
			stored: xapiStatements.stored,
			verbId: xapiStatements.verbId,
			objectId: xapiStatements.objectId,
			voided: xapiStatements.voided,
			raw: xapiStatements.raw
		})
		.from(xapiStatements)
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(xapiStatements.sequence))
		.limit(limit + 1);
	const page = rows.slice(0, limit).map(({ raw, ...r }) => ({ ...r, sequence: Number(r.sequence), json: JSON.stringify(raw, null, 2) }));
	return { statements: page, nextBefore: rows.length > limit ? page[page.length - 1]!.sequence : null };
}
