/**
 * Erasure and retention for the LRS (DSGVO Art. 17 and the retention periods of docs/design domain §2).
 *
 * Erasure deletes rather than anonymises. The stored statement JSON is the immutable record (1.0.3 §2.5), so
 * rewriting its actor would break that promise to every client that already read it; and an opaque account id
 * is still personal data (pseudonymous) as long as any copy of its mapping to a person exists. Deleting the
 * person's statements and documents is the one form of erasure that holds without relying on that mapping.
 * Statements of others that merely point at a deleted one (StatementRef) stay: they name no person.
 */
import { and, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { queryRows } from '../db';
import { xapiAttachments, xapiDocuments, xapiStatementActivities, xapiStatementAgents, xapiStatements } from '../db/schema';
import { linksOf } from './store';

export interface ErasureCounts {
	/** Statements in which the person appears as actor, object, member, instructor, team or other agent. */
	statements: number;
	/** Their link rows (activities and agents) removed with them. */
	linkRows: number;
	/** State and agent-profile documents kept for the person. */
	documents: number;
	/** Attachment payloads no remaining statement names any more. */
	attachments: number;
}

/**
 * Deletes everything the LRS holds about one learner: every statement that mentions their account actor
 * (with its link rows), their state and agent-profile documents, and attachment payloads left unreferenced.
 *
 * `actorId` is `users.actorId`, the opaque name of the learner's xAPI account (xapi-profile.md: statements
 * carry `{"account":{"homePage":<ORIGIN>,"name":<actorId>}}`). Every homePage counts, so statements written
 * under an earlier ORIGIN go too. Run it inside the caller's transaction next to the audit entry and any
 * other erasure steps, so all of it lands together or not at all. Returns counts only — fit for an audit
 * entry, which must not contain the person's data. Calling it again finds nothing and returns zeros.
 */
export async function eraseActor(tx: DbOrTx, actorId: string): Promise<ErasureCounts> {
	if (!actorId) throw new Error('eraseActor needs an actor id');
	const ifis = await actorIfis(tx, actorId);
	const documents = ifis.length
		? (await tx.delete(xapiDocuments).where(inArray(xapiDocuments.agentIfi, ifis)).returning({ id: xapiDocuments.id })).length
		: 0;
	if (!ifis.length) return { statements: 0, linkRows: 0, documents, attachments: 0 };
	const sequences = (
		await tx
			.selectDistinct({ s: xapiStatementAgents.statementSequence })
			.from(xapiStatementAgents)
			.where(ifiIn(ifis))
	).map((r) => Number(r.s));
	return { ...(await deleteStatements(tx, sequences, ifis)), documents };
}

/** The IFIs under which the account name occurs, whatever homePage they were written with. */
export async function actorIfis(tx: DbOrTx, actorId: string): Promise<string[]> {
	// An account IFI is `account:<homePage> <name>` (ifi.ts); homePage is an IRI and never contains a space.
	const suffix = ` ${actorId}`;
	const rows = await queryRows<{ ifi: string }>(
		tx,
		sql`select distinct ifi from (
			select ${xapiStatementAgents.ifi} as ifi from ${xapiStatementAgents} where ${xapiStatementAgents.ifi} like 'account:%' and right(${xapiStatementAgents.ifi}, ${suffix.length}) = ${suffix}
			union
			select ${xapiDocuments.agentIfi} from ${xapiDocuments} where ${xapiDocuments.agentIfi} like 'account:%' and right(${xapiDocuments.agentIfi}, ${suffix.length}) = ${suffix}
		) found`
	);
	return rows.map((r) => r.ifi);
}

const CHUNK = 5000;

/**
 * Deletes statements by sequence with their link rows and now-orphaned attachment payloads. The link tables
 * have no index on statement_sequence alone (it cost every write 5.5 index entries per statement); a
 * statement's link rows are found through their own index keys, derived from the stored statement by the
 * same `linksOf` that wrote them, with the statement's `stored` and `sequence`. `alsoIfis` (the erased
 * person's IFIs) are then deleted by IFI as well, so no link row naming the person can outlive the erasure
 * even if the derivation ever changed.
 */
async function deleteStatements(tx: DbOrTx, sequences: number[], alsoIfis: string[] = []): Promise<Omit<ErasureCounts, 'documents'>> {
	let statements = 0;
	let linkRows = 0;
	const sha2s = new Set<string>();
	for (let i = 0; i < sequences.length; i += CHUNK) {
		const part = sequences.slice(i, i + CHUNK);
		const gone = await tx
			.delete(xapiStatements)
			.where(inArray(xapiStatements.sequence, part))
			.returning({ sequence: xapiStatements.sequence, stored: xapiStatements.stored, raw: xapiStatements.raw });
		statements += gone.length;
		const activities: { s: number; t: string; v: string }[] = [];
		const agents: { s: number; t: string; v: string }[] = [];
		for (const g of gone) {
			for (const sha2 of attachmentHashes(g.raw)) sha2s.add(sha2);
			const links = linksOf(g.raw);
			const key = { s: Number(g.sequence), t: g.stored.toISOString() };
			for (const k of links.activities) activities.push({ ...key, v: k.slice(2) });
			for (const k of links.agents) agents.push({ ...key, v: k.slice(2) });
		}
		linkRows += await deleteLinks(tx, 'xapi_statement_activities', 'activity_id', activities);
		linkRows += await deleteLinks(tx, 'xapi_statement_agents', 'ifi', agents);
	}
	if (alsoIfis.length) linkRows += (await tx.delete(xapiStatementAgents).where(ifiIn(alsoIfis)).returning({ s: xapiStatementAgents.statementSequence })).length;
	return { statements, linkRows, attachments: await dropOrphanAttachments(tx, [...sha2s]) };
}

async function deleteLinks(tx: DbOrTx, table: 'xapi_statement_activities' | 'xapi_statement_agents', column: 'activity_id' | 'ifi', keys: { s: number; t: string; v: string }[]): Promise<number> {
	if (!keys.length) return 0;
	const [t, c] = [sql.raw(table), sql.raw(column)];
	const rows = await queryRows<{ n: number }>(
		tx,
		sql`with d as (delete from ${t} l using jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(s bigint, t timestamptz, v text)
			where hashtextextended(l.${c}, 0) = hashtextextended(k.v, 0) and l.stored = k.t and l.statement_sequence = k.s and l.${c} = k.v returning 1)
			select count(*)::int as n from d`
	);
	return Number(rows[0]?.n ?? 0);
}

/** Agent link rows of these IFIs, through the hash-keyed index. */
const ifiIn = (ifis: string[]) =>
	and(inArray(xapiStatementAgents.ifi, ifis), sql`hashtextextended(${xapiStatementAgents.ifi}, 0) in (${sql.join(ifis.map((ifi) => sql`hashtextextended(${ifi}::text, 0)`), sql`, `)})`);

function attachmentHashes(raw: Record<string, unknown>): string[] {
	const out: string[] = [];
	const collect = (s: Record<string, unknown> | undefined) => {
		if (Array.isArray(s?.attachments)) for (const a of s.attachments as { sha2?: unknown }[]) if (typeof a.sha2 === 'string') out.push(a.sha2);
	};
	collect(raw);
	const object = raw.object as Record<string, unknown> | undefined;
	if (object?.objectType === 'SubStatement') collect(object);
	return out;
}

async function dropOrphanAttachments(tx: DbOrTx, sha2s: string[]): Promise<number> {
	let dropped = 0;
	for (const sha2 of sha2s) {
		const probe = JSON.stringify([{ sha2 }]);
		const still = await queryRows<{ one: number }>(
			tx,
			sql`select 1 as one from ${xapiStatements} where ${xapiStatements.raw}->'attachments' @> ${probe}::jsonb or ${xapiStatements.raw}->'object'->'attachments' @> ${probe}::jsonb limit 1`
		);
		if (still.length) continue;
		dropped += (await tx.delete(xapiAttachments).where(sql`${xapiAttachments.sha2} = ${sha2}`).returning({ sha2: xapiAttachments.sha2 })).length;
	}
	return dropped;
}

/** How many statements a retention purge before `before` would delete (the dry run). */
export async function countStatementsStoredBefore(db: DbOrTx, before: Date): Promise<{ statements: number; oldest: Date | null }> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${xapiStatements.stored})` })
		.from(xapiStatements)
		.where(lt(xapiStatements.stored, before));
	return { statements: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

/**
 * Retention purge: deletes every statement stored before `before`, with link rows and orphaned attachments.
 * Documents are not touched: they hold current state (e.g. the resume position), not a log.
 */
export async function purgeStatementsStoredBefore(tx: DbOrTx, before: Date): Promise<Omit<ErasureCounts, 'documents'>> {
	// Link rows carry their statement's `stored`: one pass over each link table finds every row of the purged
	// statements. Counted in the database, so a purge of millions of rows brings none of them into memory.
	const count = async (query: SQL) => Number((await queryRows<{ n: number }>(tx, query))[0]?.n ?? 0);
	const at = before.toISOString();
	let linkRows = 0;
	for (const table of ['xapi_statement_activities', 'xapi_statement_agents'])
		linkRows += await count(sql`with d as (delete from ${sql.raw(table)} where stored < ${at}::timestamptz returning 1) select count(*)::int as n from d`);
	// Attachment hashes of the statement itself and of a sub-statement object (the only objects with attachments).
	const [gone] = await queryRows<{ n: number; sha2s: string[] }>(
		tx,
		sql`with d as (delete from xapi_statements where stored < ${at}::timestamptz returning raw)
			select (select count(*)::int from d) as n, coalesce((select jsonb_agg(distinct a ->> 'sha2') from d,
				jsonb_array_elements(coalesce(d.raw -> 'attachments', '[]') || coalesce(d.raw -> 'object' -> 'attachments', '[]')) a), '[]') as sha2s`
	);
	return { statements: Number(gone?.n ?? 0), linkRows, attachments: await dropOrphanAttachments(tx, gone?.sha2s ?? []) };
}
