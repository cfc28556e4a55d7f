/**
 * Erasure and retention for the LRS (DSGVO Art. 17 and the retention periods of docs/design domain §2).
 *
 * Erasure deletes rather than anonymises. The stored statement JSON is the immutable record (1.0.3 §2.5), so
 * rewriting its actor would break that promise to every client that already read it; and an opaque account id
 * is still personal data (pseudonymous) as long as any copy of its mapping to a person exists. Deleting the
 * person's statements and documents is the one form of erasure that holds without relying on that mapping.
 * Statements of others that merely point at a deleted one (StatementRef) stay: they name no person.
 */
import { and, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { queryRows } from '../db';
import { xapiAttachments, xapiDocuments, xapiStatementActivities, xapiStatementAgents, xapiStatements } from '../db/schema';

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
			.where(and(inArray(xapiStatementAgents.ifi, ifis), sql`hashtextextended(${xapiStatementAgents.ifi}, 0) in (${sql.join(ifis.map((ifi) => sql`hashtextextended(${ifi}::text, 0)`), sql`, `)})`))
	).map((r) => Number(r.s));
	return { ...(await deleteStatements(tx, sequences)), documents };
}

/** The IFIs under which the account name occurs, whatever homePage they were written with. */
async function actorIfis(tx: DbOrTx, actorId: string): Promise<string[]> {
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

/** Deletes statements by sequence with their link rows and now-orphaned attachment payloads. */
async function deleteStatements(tx: DbOrTx, sequences: number[]): Promise<Omit<ErasureCounts, 'documents'>> {
	let statements = 0;
	let linkRows = 0;
	const sha2s = new Set<string>();
	for (let i = 0; i < sequences.length; i += CHUNK) {
		const part = sequences.slice(i, i + CHUNK);
		linkRows += (await tx.delete(xapiStatementActivities).where(inArray(xapiStatementActivities.statementSequence, part)).returning({ s: xapiStatementActivities.statementSequence })).length;
		linkRows += (await tx.delete(xapiStatementAgents).where(inArray(xapiStatementAgents.statementSequence, part)).returning({ s: xapiStatementAgents.statementSequence })).length;
		const gone = await tx.delete(xapiStatements).where(inArray(xapiStatements.sequence, part)).returning({ raw: xapiStatements.raw });
		statements += gone.length;
		for (const g of gone) for (const sha2 of attachmentHashes(g.raw)) sha2s.add(sha2);
	}
	return { statements, linkRows, attachments: await dropOrphanAttachments(tx, [...sha2s]) };
}

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
	const rows = await tx.select({ s: xapiStatements.sequence }).from(xapiStatements).where(lt(xapiStatements.stored, before));
	return deleteStatements(
		tx,
		rows.map((r) => Number(r.s))
	);
}

