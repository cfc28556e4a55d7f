import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/setup/db';
import { getDb, queryRows, type DbOrTx } from '../../db';
import { getLiveCourse } from '../../courses/cache';
import { importCourseFolder } from '../../courses/import';
import { createOrganisation } from '../../orgs';
import { VOIDED } from '../../xapi/validate';
import { pullStream, readZip, zipStream } from '../../export/zip-stream';
import { resolveScope } from '../dashboard';
import { filterSql, FROM_ENROLMENTS, LAND_PREFIX } from '../filters';
import type { Scope } from '../overview';
import { generateSynthetic } from '../synthetic';
import { startExport, type ExportRequest } from '.';
import { CSV_FORMATS, csvLine, type CsvFormat } from './csv';
import { createPseudonymiser, type Pseudonymiser } from './pseudonym';
import { durationSeconds, population, statementCsv, type Population } from './statements';
import { STATEMENT_COLUMNS } from './variables';

/**
 * The statement exports' output is pinned to the straightforward implementation they replaced (kept
 * below as the reference: whole jsonb values parsed by the driver, one array of cells per row, three
 * `jsonb -` operations, split/join of the registration), byte for byte, on both drivers; and the stream
 * must not run ahead of a slow reader.
 */
useTestDatabase();

const SLUG = 'beratung-sprachbarrieren-dolmetschen';
const ORIGIN = 'https://lernen.example';
const SALT = new Uint8Array(32).fill(7);
const NOW = new Date('2026-11-02T12:00:00Z');
let evaluatorId: string;

beforeAll(async () => {
	const db = getDb();
	await importCourseFolder(db, path.resolve('courses', SLUG));
	const live = (await getLiveCourse(db, SLUG))!.live;
	const versions = [{ id: live.id, courseId: live.courseId, content: live.content }];
	const big = (await createOrganisation(db, { name: 'Kreis Stream', type: 'verwaltung', regionAgs: '03255' }, null)).id;
	const company = (await createOrganisation(db, { name: 'Kleine Firma Stream', type: 'unternehmen', regionAgs: '06611' }, null)).id;
	const chamber = (await createOrganisation(db, { name: 'Kleine Kammer Stream', type: 'kammer', regionAgs: '09162' }, null)).id;
	const now = new Date('2026-11-01T00:00:00Z');
	await generateSynthetic(db, { learners: 10, versions, organisationIds: [big], seed: 3, now, statements: { origin: ORIGIN } });
	await generateSynthetic(db, { learners: 3, versions, organisationIds: [company], seed: 4, now, statements: { origin: ORIGIN } });
	await generateSynthetic(db, { learners: 3, versions, organisationIds: [chamber], seed: 5, now, statements: { origin: ORIGIN } });
	const [u] = await queryRows<{ id: string }>(db, sql`select id from users limit 1`);
	evaluatorId = u!.id;
}, 180_000);

// ---- The reference: the export as it was written first (decision 009), kept only to compare against. ----
const landOf = new Map(Object.entries(LAND_PREFIX).map(([land, prefix]) => [prefix, land]));
const cellKey = (type: string | null, prefix: string | null) => `${type ?? 'none'}|${prefix ? (landOf.get(prefix) ?? 'none') : 'none'}`;
const ACTIVITY = /\/xapi\/activities\/([a-z]+)\/[0-9a-f-]{36}(?:\/(.+))?$/;
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown> | null));
const bool = (v: unknown) => (v === true ? 1 : v === false ? 0 : null);
const FROM = sql`xapi_statements s join ${FROM_ENROLMENTS} on e.id = s.registration`;
const WHERE = (s: Scope, until: number) =>
	sql`s.sequence <= ${until} and s.authority_client_id is null and not s.voided and s.verb_id <> ${VOIDED} and ${filterSql(s.filter, s.orgs)}`;

async function referenceCsv(db: DbOrTx, s: Scope, pop: Population, p: Pseudonymiser, f: CsvFormat): Promise<string> {
	const rows = await queryRows<Record<string, string | number | null> & { res: unknown; ext: unknown }>(
		db,
		sql`select s.sequence, s.actor_ifi, c.slug, v.number, o.type, left(o.region_ags, 2) as prefix, s.raw->>'timestamp' as ts,
				s.verb_id, s.object_id, s.raw->'result' as res, s.raw->'context'->'extensions' as ext
			from ${FROM} join courses c on c.id = e.course_id join course_versions v on v.id = e.version_id
			where ${WHERE(s, pop.until)} order by s.sequence`
	);
	let out = (f.bom ? '\uFEFF' : '') + csvLine(STATEMENT_COLUMNS, f);
	for (const r of rows) {
		const key = cellKey(r.type as string | null, r.prefix as string | null);
		const shown = pop.shownCells.has(key);
		const [type, land] = key.split('|');
		const a = r.object_id ? ACTIVITY.exec(r.object_id as string) : null;
		const res = json(r.res) ?? {};
		const score = (res.score ?? {}) as Record<string, number | undefined>;
		const ext = json(r.ext);
		const phase = ext ? Object.entries(ext).find(([k]) => k.endsWith('/xapi/extensions/survey-phase'))?.[1] : undefined;
		const progress = (res.extensions as Record<string, unknown> | undefined)?.['https://w3id.org/xapi/cmi5/result/extensions/progress'];
		const verb = r.verb_id as string;
		out += csvLine(
			[
				p.person(r.actor_ifi as string),
				r.slug,
				Number(r.number),
				shown ? type! : null,
				shown ? land! : null,
				r.ts,
				verb.slice(verb.lastIndexOf('/') + 1),
				a?.[1] ?? null,
				a?.[2] ?? null,
				bool(res.success),
				bool(res.completion),
				score.raw ?? null,
				score.max ?? null,
				score.scaled ?? null,
				typeof res.response === 'string' ? res.response : null,
				durationSeconds(res.duration),
				typeof progress === 'number' ? progress : null,
				typeof phase === 'string' ? phase : null
			],
			f
		);
	}
	return out;
}

async function referenceNdjson(db: DbOrTx, s: Scope, pop: Population, p: Pseudonymiser, homePage: string): Promise<string> {
	const rows = await queryRows<{ id: string; actor_ifi: string; registration: string; body: string }>(
		db,
		sql`select s.id, s.actor_ifi, s.registration, (s.raw - 'id' - 'actor' - 'authority')::text as body
			from ${FROM} where ${WHERE(s, pop.until)} order by s.sequence`
	);
	let out = '';
	for (const r of rows) {
		const actor = `{"objectType":"Agent","account":{"homePage":${JSON.stringify(homePage)},"name":"${p.person(r.actor_ifi)}"}}`;
		const body = r.body.split(r.registration).join(p.uuid('registration', r.registration));
		out += `{"id":"${p.uuid('statement', r.id)}","actor":${actor},${body.slice(1)}\n`;
	}
	return out;
}
// ---- end of the reference ----

const text = (b: Uint8Array | undefined) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

async function exported(q: Record<string, string>, req: ExportRequest) {
	const result = await startExport(getDb(), new URLSearchParams(q), req, { actorId: evaluatorId, orgs: null, scopeNames: null, lang: 'de', origin: ORIGIN, salt: SALT, now: NOW });
	if ('refused' in result) throw new Error('refused');
	return readZip(new Uint8Array(await new Response(result.body).arrayBuffer()));
}

describe('statement exports against the reference implementation', () => {
	for (const [label, q] of [
		['everything: two small cells blanked together, one shown', {}],
		['one Land', { region: 'NI' }]
	] as const) {
		it(`writes the same CSV bytes in both dialects (${label})`, async () => {
			const db = getDb();
			const { scope } = await resolveScope(db, new URLSearchParams(q), null, 'de');
			const pop = await population(db, scope);
			for (const dialect of ['excel', 'plain'] as const) {
				const csv = text((await exported(q, { data: 'statements', format: 'csv', csv: dialect })).get('statements.csv'));
				const expected = await referenceCsv(db, scope, pop, createPseudonymiser(SALT), CSV_FORMATS[dialect]);
				expect(expected.split('\r\n').length).toBeGreaterThan(500);
				expect(csv).toBe(expected);
				if (dialect === 'plain') {
					const types = new Set(csv.trimEnd().split('\r\n').slice(1).map((l) => l.split(',').slice(3, 5).join('|')));
					expect(types).toEqual(new Set(Object.keys(q).length ? ['verwaltung|NI'] : ['verwaltung|NI', '|']));
				}
			}
		});

		it(`writes the same NDJSON bytes (${label})`, async () => {
			const db = getDb();
			const { scope } = await resolveScope(db, new URLSearchParams(q), null, 'de');
			const pop = await population(db, scope);
			const ndjson = text((await exported(q, { data: 'statements', format: 'ndjson', csv: 'excel' })).get('statements.ndjson'));
			const expected = await referenceNdjson(db, scope, pop, createPseudonymiser(SALT), `${ORIGIN}/xapi/pseudonym`);
			expect(expected.split('\n').length).toBeGreaterThan(500);
			expect(ndjson).toBe(expected);
		});
	}
});

describe('back-pressure', () => {
	it('formats at most two pages beyond what a slow reader has taken', async () => {
		const db = getDb();
		const { scope } = await resolveScope(db, new URLSearchParams(), null, 'de');
		const pop = await population(db, scope);
		const [all] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from xapi_statements`);
		const size = 20;
		let formatted = 0;
		const lines = statementCsv(db, scope, pop, createPseudonymiser(SALT), CSV_FORMATS.plain, (n) => (formatted += n), size);
		const reader = pullStream(zipStream([{ name: 'statements.csv', chunks: lines }])).getReader();
		await reader.read(); // the entry's local header
		for (let taken = 1; taken <= 5; taken++) {
			await reader.read();
			// Give an eager producer every chance to run ahead.
			await new Promise((r) => setTimeout(r, 20));
			expect(formatted).toBeLessThanOrEqual((taken + 2) * size);
		}
		expect(Number(all!.n)).toBeGreaterThan(10 * size);
		await reader.cancel();
	});
});
