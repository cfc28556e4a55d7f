import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/setup/db';
import { getDb, queryRows } from '../../db';
import { getLiveCourse, type CachedVersion } from '../../courses/cache';
import { importCourseFolder } from '../../courses/import';
import { findSurvey } from '../../courses/model';
import { createOrganisation } from '../../orgs';
import { lessonExperienced, sessionStarted, surveyAnswered, type RecordScope } from '../../learning/records';
import { platformAuthority, recordStatements } from '../../xapi/store';
import { readZip } from '../../export/zip-stream';
import { generateSynthetic } from '../synthetic';
import { startExport, type ExportRequest } from '.';
import { CSV_FORMATS, csvLine } from './csv';
import { pages } from './statements';
import { exportProgress, trackExport } from './progress';

useTestDatabase();

const SLUG = 'beratung-sprachbarrieren-dolmetschen';
const ORIGIN = 'https://lernen.example';
let live: CachedVersion;
let evaluatorId: string;
const orgs: Record<string, string> = {};
// ignoreBOM keeps the BOM in the decoded text, so the tests can see it.
const text = (b: Uint8Array | undefined) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

/** Real learning records for every synthetic enrolment: a session, the first lesson, the survey before and after. */
async function recordFor(enrolments: { id: string; actor_id: string }[]) {
	const db = getDb();
	const variant = live.content.variants.de!;
	const survey = findSurvey(variant, live.content.prePost)!;
	for (const e of enrolments) {
		const scope: RecordScope = { origin: ORIGIN, actorId: e.actor_id, registration: e.id, courseId: live.courseId, courseTitle: variant.title, revision: 1, lang: 'de' };
		const at = new Date('2026-10-01T10:00:00Z');
		const item = survey.items[0]!.id;
		await recordStatements(
			db,
			[sessionStarted(scope, at), lessonExperienced(scope, variant.lessons[0]!, at), surveyAnswered(scope, survey, item, 2, 'pre', at), surveyAnswered(scope, survey, item, 4, 'post', at)],
			platformAuthority(ORIGIN)
		);
	}
}

beforeAll(async () => {
	const db = getDb();
	await importCourseFolder(db, path.resolve('courses', SLUG));
	live = (await getLiveCourse(db, SLUG))!.live;
	orgs.kreis = (await createOrganisation(db, { name: 'Kreis Test', type: 'verwaltung', regionAgs: '03255' }, null)).id;
	orgs.klein = (await createOrganisation(db, { name: 'Kleiner Betrieb', type: 'unternehmen', regionAgs: '03453' }, null)).id;
	orgs.kammer = (await createOrganisation(db, { name: 'Kleine Kammer', type: 'kammer', regionAgs: '06611' }, null)).id;
	const versions = [{ id: live.id, courseId: live.courseId, content: live.content }];
	const now = new Date('2026-11-01T00:00:00Z');
	await generateSynthetic(db, { learners: 40, versions, organisationIds: [orgs.kreis], seed: 7, now });
	await generateSynthetic(db, { learners: 3, versions, organisationIds: [orgs.klein], seed: 8, now });
	await generateSynthetic(db, { learners: 3, versions, organisationIds: [orgs.kammer], seed: 9, now });
	const rows = await queryRows<{ id: string; actor_id: string }>(db, sql`select e.id, u.actor_id from enrolments e join users u on u.id = e.user_id`);
	await recordFor(rows);
	const [u] = await queryRows<{ id: string }>(db, sql`select id from users limit 1`);
	evaluatorId = u!.id;
}, 120_000);

async function run(q: Record<string, string>, req: ExportRequest, orgScope: string[] | null = null) {
	const result = await startExport(getDb(), new URLSearchParams(q), req, { actorId: evaluatorId, orgs: orgScope, scopeNames: null, lang: 'de', origin: ORIGIN });
	if ('refused' in result) return { refused: result.refused } as const;
	const bytes = new Uint8Array(await new Response(result.body).arrayBuffer());
	return { ...result, bytes } as const;
}

async function auditCount(action: string) {
	const [row] = await queryRows<{ n: number }>(getDb(), sql`select count(*)::int as n from audit_log where action = ${action}`);
	return Number(row!.n);
}

const csvRows = (s: string, delimiter = ';') =>
	s
		.replace(/^\uFEFF/, '')
		.trimEnd()
		.split('\r\n')
		.map((l) => l.split(delimiter));

describe('CSV dialects', () => {
	it('writes numbers with a decimal comma for Excel and never prefixes a negative number', () => {
		expect(csvLine(['Größe; Maß', -0.25, 3, '=SUMME(A1)', null], CSV_FORMATS.excel)).toBe(`"Größe; Maß";-0,25;3;'=SUMME(A1);\r\n`);
		expect(csvLine(['a,b', -0.25], CSV_FORMATS.plain)).toBe('"a,b",-0.25\r\n');
	});
});

describe('evaluation exports', () => {
	it('exports the dashboard tables as CSV with BOM, umlauts and a codebook, and logs it', async () => {
		const before = await auditCount('evaluation.export');
		const out = await run({ course: SLUG }, { data: 'tables', format: 'csv', csv: 'excel' });
		if ('refused' in out) throw new Error('refused');
		expect(out.filename).toMatch(/^auswertung-tabellen-\d{8}-\d{4}\.zip$/);
		const files = readZip(out.bytes);
		expect([...files.keys()]).toEqual(expect.arrayContaining(['funnel.csv', 'timeline.csv', 'orgtype_land.csv', 'prepost.csv', 'items.csv', 'options.csv', 'lessons.csv', 'codebuch.md', 'codebuch.json']));
		const funnel = text(files.get('funnel.csv'));
		expect(funnel.startsWith('\uFEFFstep;n\r\n')).toBe(true);
		expect(csvRows(funnel)[1]).toEqual(['enrolled', '46']);
		expect(text(files.get('lessons.csv'))).toContain('Verständnis sichern');
		const codebook = JSON.parse(text(files.get('codebuch.json')));
		expect(codebook.filter.query).toBe(`course=${SLUG}`);
		expect(codebook.courseVersions).toEqual([{ course: SLUG, version: live.number, versionId: live.id }]);
		expect(codebook.scales[0].items.length).toBeGreaterThan(1);
		expect(codebook.verbs.map((v: { id: string }) => v.id)).toContain('http://adlnet.gov/expapi/verbs/answered');
		expect(codebook.variables.map((v: { name: string }) => v.name)).toContain('d_z');
		expect(codebook.csv).toMatchObject({ delimiter: ';', decimal: ',', bom: true });
		const md = text(files.get('codebuch.md'));
		expect(md).toContain(`Filter: course=${SLUG}`);
		expect(md).toContain('Erstellt: ');
		expect(await auditCount('evaluation.export')).toBe(before + 1);
	});

	it('writes the tables as an XLSX workbook with codebook sheets and as JSON', async () => {
		const x = await run({}, { data: 'tables', format: 'xlsx', csv: 'excel' });
		if ('refused' in x) throw new Error('refused');
		const book = readZip(x.bytes);
		expect(text(book.get('xl/workbook.xml'))).toMatch(/name="funnel".*name="codebook".*name="codebook_info"/);
		const j = await run({}, { data: 'tables', format: 'json', csv: 'excel' });
		if ('refused' in j) throw new Error('refused');
		const doc = JSON.parse(text(j.bytes));
		expect(doc.tables.funnel[0]).toEqual({ step: 'enrolled', n: 46 });
		expect(doc.codebook.exportedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	it('refuses any export of a selection below k, and logs the refusal', async () => {
		const before = await auditCount('evaluation.export_refused');
		for (const req of [
			{ data: 'tables', format: 'csv', csv: 'excel' },
			{ data: 'statements', format: 'ndjson', csv: 'excel' }
		] as const) {
			const out = await run({ org: orgs.klein! }, req);
			expect(out).toEqual({ refused: { learners: 3, k: 5 } });
		}
		expect(await auditCount('evaluation.export_refused')).toBe(before + 2);
	});

	it('pseudonymises statement rows: linked within one export, different across exports, no identities', async () => {
		const one = await run({}, { data: 'statements', format: 'csv', csv: 'plain' });
		const two = await run({}, { data: 'statements', format: 'csv', csv: 'plain' });
		if ('refused' in one || 'refused' in two) throw new Error('refused');
		const a = text(readZip(one.bytes).get('statements.csv'));
		expect(a.startsWith('\uFEFF')).toBe(false);
		const rows = csvRows(a, ',');
		const header = rows[0]!;
		const col = (name: string) => header.indexOf(name);
		const body = rows.slice(1);
		expect(body).toHaveLength(46 * 4);
		const pre = body.filter((r) => r[col('survey_phase')] === 'pre');
		const post = body.filter((r) => r[col('survey_phase')] === 'post');
		expect(new Set(pre.map((r) => r[col('person')]))).toEqual(new Set(post.map((r) => r[col('person')])));
		expect(new Set(pre.map((r) => r[col('person')])).size).toBe(46);
		const b = csvRows(text(readZip(two.bytes).get('statements.csv')), ',');
		const people = (rs: string[][]) => new Set(rs.slice(1).map((r) => r[col('person')]));
		expect([...people(rows)].filter((p) => people(b).has(p))).toEqual([]);
		const ids = await queryRows<{ actor_id: string; email: string; name: string }>(getDb(), sql`select actor_id, email, name from users`);
		for (const u of ids) {
			expect(a).not.toContain(u.actor_id);
			expect(a).not.toContain(u.email);
		}
		// The two small organisations (3 learners each, 6 together ≥ k) keep no organisation type or state.
		const kinds = new Set(body.map((r) => `${r[col('org_type')]}|${r[col('land')]}`));
		expect(kinds).toEqual(new Set(['verwaltung|NI', '|']));
		expect(body.filter((r) => r[col('org_type')] === '').length).toBe(6 * 4);
	});

	it('blanks a larger cell too when the small ones alone would form a pool below k', async () => {
		// Niedersachsen: the Kreis (40) and the small company (3). Blanking only the company would leave a pool of 3.
		const out = await run({ region: 'NI' }, { data: 'statements', format: 'csv', csv: 'excel' });
		if ('refused' in out) throw new Error('refused');
		const rows = csvRows(text(readZip(out.bytes).get('statements.csv')));
		const col = rows[0]!.indexOf('org_type');
		expect(rows.length - 1).toBe(43 * 4);
		expect(new Set(rows.slice(1).map((r) => r[col]))).toEqual(new Set(['']));
	});

	it('writes xAPI NDJSON with actor, registration and ids replaced and the authority left out', async () => {
		const out = await run({}, { data: 'statements', format: 'ndjson', csv: 'excel' });
		if ('refused' in out) throw new Error('refused');
		const files = readZip(out.bytes);
		const raw = text(files.get('statements.ndjson'));
		const lines = raw.trimEnd().split('\n').map((l) => JSON.parse(l));
		expect(lines).toHaveLength(46 * 4);
		const stored = await queryRows<{ id: string; registration: string }>(getDb(), sql`select id, registration from xapi_statements`);
		for (const s of stored) {
			expect(raw).not.toContain(s.id);
			expect(raw).not.toContain(s.registration);
		}
		for (const l of lines) {
			expect(l.actor.account.homePage).toBe(`${ORIGIN}/xapi/pseudonym`);
			expect(l.actor.account.name).toMatch(/^p_[0-9a-f]{20}$/);
			expect(l.authority).toBeUndefined();
			expect(l.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		}
		// One registration and one person per learner, consistently.
		const byPerson = new Map<string, Set<string>>();
		for (const l of lines) byPerson.set(l.actor.account.name, (byPerson.get(l.actor.account.name) ?? new Set()).add(l.context.registration));
		expect(byPerson.size).toBe(46);
		for (const regs of byPerson.values()) expect(regs.size).toBe(1);
		expect(text(files.get('codebuch.md'))).toContain('HMAC-SHA-256');
	});

	it('stops reading when the download is cancelled', async () => {
		const result = await startExport(getDb(), new URLSearchParams(), { data: 'statements', format: 'csv', csv: 'excel' }, { actorId: evaluatorId, orgs: null, scopeNames: null, lang: 'de', origin: ORIGIN });
		if ('refused' in result) throw new Error('refused');
		const reader = result.body.getReader();
		const first = await reader.read();
		expect(first.done).toBe(false);
		await reader.cancel();
		// The database is free for the next request: no page loop or transaction is left open.
		const [row] = await queryRows<{ n: number }>(getDb(), sql`select count(*)::int as n from xapi_statements`);
		expect(Number(row!.n)).toBe(46 * 4);
	});

	it('exports only what a scoped evaluator may see', async () => {
		const out = await run({}, { data: 'statements', format: 'csv', csv: 'plain' }, [orgs.kreis!]);
		if ('refused' in out) throw new Error('refused');
		const rows = csvRows(text(readZip(out.bytes).get('statements.csv')), ',');
		expect(rows.length - 1).toBe(40 * 4);
	});

	it('reads keyset pages one query ahead: every statement once, in order, up to the cut', async () => {
		const db = getDb();
		const all = (await queryRows<{ sequence: number }>(db, sql`select sequence from xapi_statements order by sequence`)).map((r) => Number(r.sequence));
		const until = all[all.length - 3]!;
		const seen: number[] = [];
		for await (const page of pages<{ sequence: number }>(db, until, 7, (after, limit) => sql`select sequence from xapi_statements where sequence > ${after} and sequence <= ${until} order by sequence limit ${limit}`)) {
			expect(page.length).toBeLessThanOrEqual(7);
			seen.push(...page.map((r) => Number(r.sequence)));
		}
		expect(seen).toEqual(all.slice(0, -2));
		// Stopped after the first page: the query read ahead is awaited, nothing else runs.
		const source = pages<{ sequence: number }>(db, until, 7, (after, limit) => sql`select sequence from xapi_statements where sequence > ${after} order by sequence limit ${limit}`);
		expect((await source.next()).value).toHaveLength(7);
		await source.return(undefined);
		expect((await source.next()).done).toBe(true);
	});

	it('reports rows written and the total for the progress element, and a cancelled run as cancelled', async () => {
		const token = crypto.randomUUID();
		const req = { data: 'statements', format: 'csv', csv: 'excel' } as const;
		const ctx = { actorId: evaluatorId, orgs: null, scopeNames: null, lang: 'de' as const, origin: ORIGIN };
		const done = await startExport(getDb(), new URLSearchParams(), req, { ...ctx, progress: trackExport(evaluatorId, token) });
		if ('refused' in done) throw new Error('refused');
		expect(exportProgress(evaluatorId, token)).toMatchObject({ rows: 0, state: 'running' });
		await new Response(done.body).arrayBuffer();
		expect(exportProgress(evaluatorId, token)).toMatchObject({ rows: 46 * 4, total: 46 * 4, state: 'done' });
		expect(exportProgress('someone-else', token)).toBeUndefined();
		// The same page starts the export again after a cancelled download.
		const again = await startExport(getDb(), new URLSearchParams(), req, { ...ctx, progress: trackExport(evaluatorId, token) });
		if ('refused' in again) throw new Error('refused');
		const reader = again.body.getReader();
		await reader.read();
		await reader.cancel();
		expect(exportProgress(evaluatorId, token)!.state).toBe('cancelled');
	});
});
