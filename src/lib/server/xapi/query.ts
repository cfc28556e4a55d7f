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
	/**
	 * The statements as stored, as JSON text: a page for `format=exact` goes out without being parsed and
	 * serialised again (that was a third of the server's time for a page of 100). `parsePage` for objects.
	 */
	raw: string[];
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

/**
 * An agent link row (alias `a`) for the IFI: its index is keyed by a 64-bit hash of the IFI (narrow keys,
 * see schema/xapi.ts), and the IFI itself is compared too, so that a hash collision never matches.
 */
export const ifiMatches = (a: SQL, ifi: string): SQL => sql`hashtextextended(${a}.ifi, 0) = hashtextextended(${ifi}::text, 0) and ${a}.ifi = ${ifi}`;

/** An activity link row (alias `a`) for the activity id: the same hash-keyed index as the agents. */
export const activityMatches = (a: SQL, activity: string): SQL =>
	sql`hashtextextended(${a}.activity_id, 0) = hashtextextended(${activity}::text, 0) and ${a}.activity_id = ${activity}`;

/**
 * The link rows of statement `t`: there is no index on statement_sequence alone, so the lookup names the
 * row's whole index key — hash, stored (copied from the statement) and sequence.
 */
const linkOf = (a: SQL, t: SQL): SQL => sql`${a}.stored = ${t}.stored and ${a}.statement_sequence = ${t}.sequence`;

/** The non-time conditions on one statement (alias `t`), or null when there are none. */
function matchSql(f: StatementFilter, t: SQL): SQL | null {
	const parts: SQL[] = [];
	if (f.verb) parts.push(sql`${t}.verb_id = ${f.verb}`);
	if (f.registration) parts.push(sql`${t}.registration = ${f.registration}::uuid`);
	if (f.agentIfi)
		parts.push(
			sql`exists (select 1 from xapi_statement_agents a where ${ifiMatches(sql`a`, f.agentIfi)} and ${linkOf(sql`a`, t)}${f.relatedAgents ? sql`` : sql` and a."primary"`})`
		);
	if (f.activity)
		parts.push(
			sql`exists (select 1 from xapi_statement_activities a where ${activityMatches(sql`a`, f.activity)} and ${linkOf(sql`a`, t)}${f.relatedActivities ? sql`` : sql` and a."primary"`})`
		);
	return parts.length ? sql.join(parts, sql` and `) : null;
}

/**
 * Where the scan starts: the most selective filter with an index in (stored, sequence) order, so that
 * PostgreSQL walks that index backwards (or forwards) and stops after `limit` rows instead of collecting
 * and sorting every match. An agent or activity filter walks its link table, whose rows carry `stored` for
 * this (one row per statement and agent/activity, so no statement comes twice); everything else walks
 * xapi_statements, where the planner picks the registration, verb, authority or stored index.
 *
 * The link indexes are keyed by a hash of the IFI or activity id. Unless `strict`, the driver selects by the
 * hash alone and reports in `exact` whether the row's value is the one asked for: with the value compared
 * in the WHERE clause as well, the planner multiplied the two (perfectly correlated) selectivities, expected
 * a handful of rows and chose to collect and sort all of them (530 ms for a frequent activity at 1 M
 * statements, against 1 ms for the index walk). A page with a row that is not exact (a hash collision) is
 * read again with `strict`.
 */
function driverOf(f: StatementFilter, strict: boolean): { from: SQL; stored: SQL; sequence: SQL; exact: SQL; match: StatementFilter } {
	const statements = { from: sql`xapi_statements s`, stored: sql`s.stored`, sequence: sql`s.sequence`, exact: sql`true` };
	const link = (table: string, column: string, value: string, primaryOnly: boolean) => {
		const [d, c] = [sql`d`, sql.raw(column)];
		const key = strict ? sql`hashtextextended(${d}.${c}, 0) = hashtextextended(${value}::text, 0) and ${d}.${c} = ${value}` : sql`hashtextextended(${d}.${c}, 0) = hashtextextended(${value}::text, 0)`;
		return {
			from: sql`${sql.raw(table)} d join xapi_statements s on s.sequence = d.statement_sequence and ${key}${primaryOnly ? sql` and d."primary"` : sql``}`,
			stored: sql`d.stored`,
			sequence: sql`d.statement_sequence`,
			exact: strict ? sql`true` : sql`${d}.${c} = ${value}`
		};
	};
	if (f.registration) return { ...statements, match: f };
	if (f.agentIfi) return { ...link('xapi_statement_agents', 'ifi', f.agentIfi, !f.relatedAgents), match: { ...f, agentIfi: undefined } };
	if (f.activity) return { ...link('xapi_statement_activities', 'activity_id', f.activity, !f.relatedActivities), match: { ...f, activity: undefined } };
	return { ...statements, match: f };
}

export async function queryStatements(db: DbOrTx, f: StatementFilter, cursor?: Cursor, strict = false): Promise<Page> {
	const take = f.limit + 1;
	const dir = f.ascending ? sql`asc` : sql`desc`;
	const range = (stored: SQL, sequence: SQL): SQL[] => {
		const parts: SQL[] = [];
		if (f.since) parts.push(sql`${stored} > ${f.since}::timestamptz`);
		if (f.until) parts.push(sql`${stored} <= ${f.until}::timestamptz`);
		if (cursor)
			parts.push(
				f.ascending
					? sql`(${stored}, ${sequence}) > (${cursor.stored}::timestamptz, ${cursor.sequence}::bigint)`
					: sql`(${stored}, ${sequence}) < (${cursor.stored}::timestamptz, ${cursor.sequence}::bigint)`
			);
		return parts;
	};
	const d = driverOf(f, strict);
	const rest = matchSql(d.match, sql`s`);
	const direct = sql`select s.sequence, s.raw::text as raw, s.stored, ${d.exact} as exact from ${d.from}
		where ${sql.join([sql`not s.voided`, ...range(d.stored, d.sequence), ...(rest ? [rest] : [])], sql` and `)}${accessSql(f)}
		order by ${d.stored} ${dir}, ${d.sequence} ${dir} limit ${take}`;
	const match = matchSql(f, sql`s`);
	let query: SQL;
	if (!match) {
		query = direct;
	} else {
		// StatementRef semantics (1.0.3 §2.1.4.1): a statement that targets another statement matches when its
		// target (following references further) matches. Statements with a reference are few and indexed apart.
		const targetMatch = matchSql(f, sql`t`)!;
		const order = sql`order by stored ${dir}, sequence ${dir}`;
		query = sql`select * from (
			(${direct})
			union all
			(select s.sequence, s.raw::text as raw, s.stored, true as exact from xapi_statements s
				where ${sql.join([sql`not s.voided`, ...range(sql`s.stored`, sql`s.sequence`)], sql` and `)}${accessSql(f)} and s.ref_target is not null and not (${match})
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
	const rows = await queryRows<Row & { exact: boolean }>(db, query);
	if (rows.some((r) => !r.exact)) return queryStatements(db, f, cursor, true);
	const page = rows.slice(0, f.limit);
	const last = page[page.length - 1];
	return {
		raw: page.map((r) => (typeof r.raw === 'string' ? r.raw : JSON.stringify(r.raw))),
		next: rows.length > f.limit && last ? { stored: new Date(last.stored).toISOString(), sequence: Number(last.sequence) } : null
	};
}

export const parsePage = (page: Page): Json[] => page.raw.map((r) => JSON.parse(r) as Json);
