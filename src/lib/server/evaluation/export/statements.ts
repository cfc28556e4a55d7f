import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db';
import { VOIDED } from '../../xapi/validate';
import { filterSql, FROM_ENROLMENTS, LAND_PREFIX } from '../filters';
import type { Scope } from '../overview';
import type { Pseudonymiser } from './pseudonym';
import { csvLine, type CsvFormat } from './csv';

/**
 * Row-level export of the platform's own learning statements for the enrolments in the evaluator's
 * filter and scope. Statements are read in keyset pages on the store sequence (never OFFSET, never all at
 * once), up to the sequence that was last when the export began, so the file is one consistent cut and
 * memory holds one page. Only statements the platform wrote itself (no LRS client authority) are
 * included: their actor is the opaque account and nothing else in them names a person. Voided and voiding
 * statements are left out.
 */
export const PAGE_SIZE = 5000;
/**
 * NDJSON rows are ~1.4 KB of text each (CSV rows ~150 B), ~2 KB of heap per row as read: smaller pages keep
 * the memory in flight flat (1,000 → 250 rows: peak RSS 300 → 280 MB at 1 M statements, 8 % fewer rows/s;
 * the database's jsonb-to-text is the bound here, not the page count).
 */
export const NDJSON_PAGE_SIZE = 500;
/**
 * Text is handed on in UTF-8 chunks of about this many characters rather than one string per page, so a
 * page's text is never held whole (a 5,000-row CSV page was a 750 KB string plus its UTF-8 copy; external
 * memory at 1 M rows 22 → 10 MB) and each chunk is one Buffer that the ZIP writer passes on as it is.
 */
const CHUNK_CHARS = 32 * 1024;
/** The keys the NDJSON leaves out or replaces (one `jsonb - text[]`). */
const DROPPED = '{id,actor,authority}';

export interface Population {
	learners: number;
	/** `type|land` cells whose learners keep these attributes; others are blanked (k-anonymity). */
	shownCells: Set<string>;
	blanked: number;
	/** Highest statement sequence at the start: the export's cut. */
	until: number;
}

const landOf = new Map(Object.entries(LAND_PREFIX).map(([land, prefix]) => [prefix, land]));
const cellKey = (type: string | null, prefix: string | null) => `${type ?? 'none'}|${prefix ? (landOf.get(prefix) ?? 'none') : 'none'}`;

/**
 * Learners in the selection by organisation type × Bundesland. A cell with fewer than k learners is
 * blanked; if the blanked learners together are still fewer than k (so the pool would single them out),
 * the next-smallest cells are blanked with them.
 */
export async function population(db: DbOrTx, s: Scope): Promise<Population> {
	const rows = await queryRows<{ type: string | null; prefix: string | null; n: number }>(
		db,
		sql`select o.type, left(o.region_ags, 2) as prefix, count(distinct u.id)::int as n from ${FROM_ENROLMENTS}
			where ${filterSql(s.filter, s.orgs)} group by 1, 2`
	);
	const cells = new Map<string, number>();
	for (const r of rows) cells.set(cellKey(r.type, r.prefix), (cells.get(cellKey(r.type, r.prefix)) ?? 0) + Number(r.n));
	const learners = [...cells.values()].reduce((a, b) => a + b, 0);
	const sorted = [...cells].sort((a, b) => a[1] - b[1]);
	const blankedKeys = new Set(sorted.filter(([, n]) => n < s.k).map(([key]) => key));
	let blanked = sorted.filter(([key]) => blankedKeys.has(key)).reduce((a, [, n]) => a + n, 0);
	for (const [key, n] of sorted) {
		if (blanked === 0 || blanked >= s.k) break;
		if (blankedKeys.has(key)) continue;
		blankedKeys.add(key);
		blanked += n;
	}
	const [max] = await queryRows<{ until: number | string | null }>(db, sql`select max(sequence) as until from xapi_statements`);
	return {
		learners,
		shownCells: new Set([...cells.keys()].filter((key) => !blankedKeys.has(key))),
		blanked,
		until: Number(max?.until ?? 0)
	};
}

const WHERE = (s: Scope, after: number, until: number) =>
	sql`s.sequence > ${after} and s.sequence <= ${until} and s.authority_client_id is null and not s.voided
		and s.verb_id <> ${VOIDED} and ${filterSql(s.filter, s.orgs)}`;

const FROM = sql`xapi_statements s join ${FROM_ENROLMENTS} on e.id = s.registration`;

/** How many statements the export will write (for the progress element). */
export async function countStatements(db: DbOrTx, s: Scope, pop: Population): Promise<number> {
	const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${FROM} where ${WHERE(s, 0, pop.until)}`);
	return Number(row?.n ?? 0);
}

/**
 * Keyset pages, one query ahead: while the consumer formats a page, the database already reads the next
 * (the two run in different processes, so a page costs the slower of the two, not their sum). Memory
 * holds at most two pages; a cancelled export waits for the one query in flight and starts no other.
 */
export async function* pages<T extends { sequence: number | string }>(
	db: DbOrTx,
	until: number,
	size: number,
	query: (after: number, limit: number) => ReturnType<typeof sql>
): AsyncGenerator<T[]> {
	const fetch = (after: number) => queryRows<T>(db, query(after, size));
	let next: Promise<T[]> | null = fetch(0);
	try {
		while (next) {
			const rows: T[] = await next;
			next = null;
			const last = rows.length ? Number(rows[rows.length - 1]!.sequence) : until;
			if (rows.length === size && last < until) next = fetch(last);
			if (rows.length) yield rows;
		}
	} finally {
		// Cancelled while a page was being read: let that query finish quietly.
		await next?.catch(() => undefined);
	}
}

interface FlatRow {
	sequence: number | string;
	actor_ifi: string;
	slug: string;
	number: number;
	type: string | null;
	prefix: string | null;
	ts: string;
	verb_id: string;
	object_id: string | null;
	res: Record<string, unknown> | string | null;
	ext: Record<string, unknown> | string | null;
}

const ACTIVITY = /\/xapi\/activities\/([a-z]+)\/[0-9a-f-]{36}(?:\/(.+))?$/;
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown> | null));
const bool = (v: unknown) => (v === true ? 1 : v === false ? 0 : null);

/** ISO 8601 duration → seconds (the LRS stores only valid durations; days/hours/minutes/seconds used). */
export function durationSeconds(d: unknown): number | null {
	if (typeof d !== 'string') return null;
	const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
	if (!m) return null;
	const [, days, h, min, sec] = m.map((x) => (x === undefined ? 0 : Number(x)));
	return Math.round(((days as number) * 86400 + (h as number) * 3600 + (min as number) * 60 + (sec as number)) * 100) / 100;
}

export type FlatCell = string | number | null;

/** The flat cells of one statement row, in the order of STATEMENT_COLUMNS. */
type RowCells = (r: FlatRow) => FlatCell[];

function flatCells(pop: Population, p: Pseudonymiser): RowCells {
	// Per learner, cell and activity, not per row: 10,000 learners and a few thousand activities are small maps.
	const attributes = new Map<string, [string | null, string | null]>();
	const activities = new Map<string, [string | null, string | null]>();
	return (r) => {
		const key = cellKey(r.type, r.prefix);
		let attr = attributes.get(key);
		if (!attr) {
			const [type, land] = key.split('|');
			attr = pop.shownCells.has(key) ? [type!, land!] : [null, null];
			attributes.set(key, attr);
		}
		let activity = r.object_id ? activities.get(r.object_id) : undefined;
		if (r.object_id && !activity) {
			const a = ACTIVITY.exec(r.object_id);
			activity = [a?.[1] ?? null, a?.[2] ?? null];
			// The platform's own activities are bounded by the course content; the cap is only a guard.
			if (activities.size > 100_000) activities.clear();
			activities.set(r.object_id, activity);
		}
		const res = json(r.res) ?? {};
		const score = (res.score ?? {}) as Record<string, number | undefined>;
		// Most statements carry no survey phase: the extensions are parsed only when the text names it.
		const ext = typeof r.ext === 'string' && !r.ext.includes('/xapi/extensions/survey-phase') ? null : json(r.ext);
		const phase = ext ? Object.entries(ext).find(([k]) => k.endsWith('/xapi/extensions/survey-phase'))?.[1] : undefined;
		const progress = (res.extensions as Record<string, unknown> | undefined)?.['https://w3id.org/xapi/cmi5/result/extensions/progress'];
		return [
			p.person(r.actor_ifi),
			r.slug,
			Number(r.number),
			attr[0],
			attr[1],
			r.ts,
			r.verb_id.slice(r.verb_id.lastIndexOf('/') + 1),
			activity?.[0] ?? null,
			activity?.[1] ?? null,
			bool(res.success),
			bool(res.completion),
			score.raw ?? null,
			score.max ?? null,
			score.scaled ?? null,
			typeof res.response === 'string' ? res.response : null,
			durationSeconds(res.duration),
			typeof progress === 'number' ? progress : null,
			typeof phase === 'string' ? phase : null
		];
	};
}

const flatQuery = (s: Scope, until: number) => (after: number, limit: number) =>
	sql`select s.sequence, s.actor_ifi, c.slug, v.number, o.type, left(o.region_ags, 2) as prefix, s.raw->>'timestamp' as ts,
			s.verb_id, s.object_id, (s.raw->'result')::text as res, (s.raw->'context'->'extensions')::text as ext
		from ${FROM} join courses c on c.id = e.course_id join course_versions v on v.id = e.version_id
		where ${WHERE(s, after, until)} order by s.sequence limit ${limit}`;

/**
 * The statements as CSV lines (no header), one UTF-8 chunk per page. Each row becomes its line at once, so
 * a page's rows and cells die young instead of waiting for the whole page to be formatted.
 */
export async function* statementCsv(
	db: DbOrTx,
	s: Scope,
	pop: Population,
	p: Pseudonymiser,
	f: CsvFormat,
	onRows?: (n: number) => void,
	pageSize = PAGE_SIZE
): AsyncGenerator<Uint8Array> {
	const cells = flatCells(pop, p);
	yield* chunked(pages<FlatRow>(db, pop.until, pageSize, flatQuery(s, pop.until)), (r) => csvLine(cells(r), f), onRows);
}

/**
 * One line per row, handed on in UTF-8 chunks of about CHUNK_CHARS characters, with the number of rows in
 * each chunk reported as it goes.
 */
async function* chunked<R>(source: AsyncIterable<R[]>, line: (r: R) => string, onRows?: (n: number) => void): AsyncGenerator<Uint8Array> {
	for await (const rows of source) {
		let out = '';
		let n = 0;
		for (const r of rows) {
			out += line(r);
			n++;
			if (out.length >= CHUNK_CHARS) {
				onRows?.(n);
				yield Buffer.from(out, 'utf8');
				out = '';
				n = 0;
			}
		}
		if (n) {
			onRows?.(n);
			yield Buffer.from(out, 'utf8');
		}
	}
}

interface RawRow {
	sequence: number | string;
	id: string;
	actor_ifi: string;
	registration: string;
	body: string;
}

/**
 * NDJSON lines of the statements with id, actor and registration replaced by pseudonyms and the
 * authority left out. The rest of the JSON is passed through as the database prints it: the registration
 * is a UUID that occurs nowhere else, so replacing its text is exact and saves a parse per statement.
 * The three keys go in one `jsonb - text[]` (each `-` would rebuild the whole value once).
 */
export async function* statementLines(db: DbOrTx, s: Scope, pop: Population, p: Pseudonymiser, homePage: string, onRows?: (n: number) => void): AsyncGenerator<Uint8Array> {
	const registrations = new Map<string, string>();
	const actors = new Map<string, string>();
	const home = JSON.stringify(homePage);
	const source = pages<RawRow>(db, pop.until, NDJSON_PAGE_SIZE, (after, limit) =>
		sql`select s.sequence, s.id, s.actor_ifi, s.registration, (s.raw - ${DROPPED}::text[])::text as body
			from ${FROM} where ${WHERE(s, after, pop.until)} order by s.sequence limit ${limit}`
	);
	const line = (r: RawRow) => {
		let reg = registrations.get(r.registration);
		if (!reg) {
			reg = p.uuid('registration', r.registration);
			registrations.set(r.registration, reg);
		}
		let actor = actors.get(r.actor_ifi);
		if (!actor) {
			actor = `{"objectType":"Agent","account":{"homePage":${home},"name":"${p.person(r.actor_ifi)}"}}`;
			actors.set(r.actor_ifi, actor);
		}
		let out = `{"id":"${p.uuid('statement', r.id)}","actor":${actor},`;
		// body starts with "{"; every occurrence of the registration is replaced.
		let from = 1;
		for (let at = r.body.indexOf(r.registration, from); at !== -1; at = r.body.indexOf(r.registration, from)) {
			out += r.body.slice(from, at) + reg;
			from = at + r.registration.length;
		}
		return out + r.body.slice(from) + '\n';
	};
	yield* chunked(source, line, onRows);
}
