/**
 * Reading statements: single ones by id, and the filtered query with keyset paging (newest `stored` first,
 * ties broken by `sequence`). Never OFFSET: a page is "the next `limit` statements after this (stored,
 * sequence)", so a cursor stays valid for as long as the statements exist, and inserts between two page
 * requests never shift or repeat results.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db';
import type { Json } from './ifi';

export interface StatementFilter {
	agentIfi?: string;
	verb?: string;
	activity?: string;
	registration?: string;
	relatedActivities?: boolean;
	relatedAgents?: boolean;
	since?: string;
	until?: string;
	ascending?: boolean;
	limit: number;
	/** Access restrictions from the client's credentials. */
	authorityClientId?: string;
	organisationId?: string;
}

export interface Cursor {
	stored: string;
	sequence: number;
}

export interface Page {
	statements: Json[];
	/** Where the next page starts, or null at the end. */
	next: Cursor | null;
}

interface Row {
	sequence: string | number;
	raw: Json | string;
	stored: string | Date;
}

const parseRaw = (raw: Json | string): Json => (typeof raw === 'string' ? JSON.parse(raw) : raw);

/** The statement by id; voided ones only through `voidedStatementId` (1.0.3 §2.1.3.3). */
export async function statementById(db: DbOrTx, id: string, voided: boolean, access: Pick<StatementFilter, 'authorityClientId' | 'organisationId'> = {}): Promise<Json | null> {
	const rows = await queryRows<Row>(
		db,
		sql`select sequence, raw, stored from xapi_statements s where s.id = ${id}::uuid and s.voided = ${voided} ${accessSql(access)}`
	);
	return rows[0] ? parseRaw(rows[0].raw) : null;
}

function accessSql(f: Pick<StatementFilter, 'authorityClientId' | 'organisationId'>, alias = sql`s`): SQL {
	const parts: SQL[] = [];
	if (f.authorityClientId) parts.push(sql` and ${alias}.authority_client_id = ${f.authorityClientId}::uuid`);
	if (f.organisationId) parts.push(sql` and ${alias}.organisation_id = ${f.organisationId}::uuid`);
	return sql.join(parts, sql``);
}

/** The non-time conditions on one statement (alias `t`), or null when there are none. */
function matchSql(f: StatementFilter, t: SQL): SQL | null {
	const parts: SQL[] = [];
	if (f.verb) parts.push(sql`${t}.verb_id = ${f.verb}`);
	if (f.registration) parts.push(sql`${t}.registration = ${f.registration}::uuid`);
	if (f.agentIfi)
		parts.push(
			sql`exists (select 1 from xapi_statement_agents a where a.statement_sequence = ${t}.sequence and a.ifi = ${f.agentIfi}${f.relatedAgents ? sql`` : sql` and a."primary"`})`
		);
	if (f.activity)
		parts.push(
			sql`exists (select 1 from xapi_statement_activities a where a.statement_sequence = ${t}.sequence and a.activity_id = ${f.activity}${f.relatedActivities ? sql`` : sql` and a."primary"`})`
		);
	return parts.length ? sql.join(parts, sql` and `) : null;
}

export async function queryStatements(db: DbOrTx, f: StatementFilter, cursor?: Cursor): Promise<Page> {
	const s = sql`s`;
	const base: SQL[] = [sql`not s.voided`];
	if (f.since) base.push(sql`s.stored > ${f.since}::timestamptz`);
	if (f.until) base.push(sql`s.stored <= ${f.until}::timestamptz`);
	if (cursor)
		base.push(
			f.ascending
				? sql`(s.stored, s.sequence) > (${cursor.stored}::timestamptz, ${cursor.sequence}::bigint)`
				: sql`(s.stored, s.sequence) < (${cursor.stored}::timestamptz, ${cursor.sequence}::bigint)`
		);
	const where = sql`${sql.join(base, sql` and `)}${accessSql(f)}`;
	const order = f.ascending ? sql`order by stored asc, sequence asc` : sql`order by stored desc, sequence desc`;
	const take = f.limit + 1;
	const match = matchSql(f, s);
	let query: SQL;
	if (!match) {
		query = sql`select s.sequence, s.raw, s.stored from xapi_statements s where ${where} ${order} limit ${take}`;
	} else {
		// StatementRef semantics (1.0.3 §2.1.4.1): a statement that targets another statement matches when its
		// target (following references further) matches. Statements with a reference are few and indexed apart.
		const targetMatch = matchSql(f, sql`t`)!;
		query = sql`select * from (
			(select s.sequence, s.raw, s.stored from xapi_statements s where ${where} and ${match} ${order} limit ${take})
			union all
			(select s.sequence, s.raw, s.stored from xapi_statements s where ${where} and s.ref_target is not null and not (${match})
				and exists (
					with recursive chain(id, depth) as (
						select s.ref_target, 1
						union all
						select t.ref_target, c.depth + 1 from chain c join xapi_statements t on t.id = c.id where t.ref_target is not null and c.depth < 16
					)
					select 1 from chain c join xapi_statements t on t.id = c.id where ${targetMatch}
				)
				${order} limit ${take})
		) u ${order} limit ${take}`;
	}
	const rows = await queryRows<Row>(db, query);
	const page = rows.slice(0, f.limit);
	const last = page[page.length - 1];
	return {
		statements: page.map((r) => parseRaw(r.raw)),
		next: rows.length > f.limit && last ? { stored: new Date(last.stored).toISOString(), sequence: Number(last.sequence) } : null
	};
}
