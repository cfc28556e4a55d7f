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
import { closeStudy, createStudy, formatStudyKey, getStudy, listStudies, normaliseStudyKey, studyKeyCheck, studySalt } from '../studies';
import { startExport, type ExportRequest } from '.';

useTestDatabase();

const SLUG = 'beratung-sprachbarrieren-dolmetschen';
const ORIGIN = 'https://lernen.example';
let live: CachedVersion;
let evaluatorId: string;
const orgs: Record<string, string> = {};
const text = (b: Uint8Array | undefined) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
const NDJSON: ExportRequest = { data: 'statements', format: 'ndjson', csv: 'excel' };

beforeAll(async () => {
	const db = getDb();
	await importCourseFolder(db, path.resolve('courses', SLUG));
	live = (await getLiveCourse(db, SLUG))!.live;
	orgs.kreis = (await createOrganisation(db, { name: 'Kreis Studie', type: 'verwaltung', regionAgs: '03255' }, null)).id;
	orgs.stadt = (await createOrganisation(db, { name: 'Stadt Studie', type: 'verwaltung', regionAgs: '06611' }, null)).id;
	const versions = [{ id: live.id, courseId: live.courseId, content: live.content }];
	const now = new Date('2026-11-01T00:00:00Z');
	await generateSynthetic(db, { learners: 12, versions, organisationIds: [orgs.kreis], seed: 21, now });
	await generateSynthetic(db, { learners: 8, versions, organisationIds: [orgs.stadt], seed: 22, now });
	const rows = await queryRows<{ id: string; actor_id: string }>(db, sql`select e.id, u.actor_id from enrolments e join users u on u.id = e.user_id`);
	const variant = live.content.variants.de!;
	const survey = findSurvey(variant, live.content.prePost)!;
	for (const e of rows) {
		const scope: RecordScope = { origin: ORIGIN, actorId: e.actor_id, registration: e.id, courseId: live.courseId, courseTitle: variant.title, revision: 1, lang: 'de' };
		const at = new Date('2026-10-01T10:00:00Z');
		const item = survey.items[0]!.id;
		await recordStatements(
			db,
			[sessionStarted(scope, at), lessonExperienced(scope, variant.lessons[0]!, at), surveyAnswered(scope, survey, item, 2, 'pre', at), surveyAnswered(scope, survey, item, 4, 'post', at)],
			platformAuthority(ORIGIN)
		);
	}
	const [u] = await queryRows<{ id: string }>(db, sql`select id from users limit 1`);
	evaluatorId = u!.id;
}, 120_000);

async function run(req: ExportRequest, study?: { id: string; key: string }, scope: string[] | null = null) {
	const result = await startExport(getDb(), new URLSearchParams(), req, { actorId: evaluatorId, orgs: scope, scopeNames: null, lang: 'de', origin: ORIGIN, study });
	if ('refused' in result) return { refused: result.refused } as const;
	const files = readZip(new Uint8Array(await new Response(result.body).arrayBuffer()));
	return { exportId: result.exportId, files } as const;
}

interface Line {
	id: string;
	actor: { account: { name: string } };
	context: { registration: string };
	timestamp: string;
	verb: { id: string };
	object: { id: string };
}

/** Statements of one NDJSON export, keyed by what they say (not by their pseudonymous id). */
async function ndjson(study?: { id: string; key: string }, scope: string[] | null = null) {
	const out = await run(NDJSON, study, scope);
	if ('refused' in out) throw new Error(`refused: ${JSON.stringify(out.refused)}`);
	const lines = text(out.files.get('statements.ndjson'))
		.trimEnd()
		.split('\n')
		.map((l) => JSON.parse(l) as Line);
	return { exportId: out.exportId, files: out.files, lines };
}

const people = (lines: Line[]) => new Set(lines.map((l) => l.actor.account.name));
const overlap = <T>(a: Set<T>, b: Set<T>) => [...a].filter((x) => b.has(x));

async function auditRows(action: string) {
	return queryRows<{ id: number; details: unknown; text: string }>(getDb(), sql`select id, details, details::text as text from audit_log where action = ${action} order by id`);
}

async function newStudy(name: string, organisationId: string | null = null) {
	return getDb().transaction((tx) => createStudy(tx, { name, organisationId, createdBy: evaluatorId }));
}

describe('study keys', () => {
	it('accepts the key as shown, in lower case or with spaces, and nothing that is not a key', () => {
		const { key } = { key: 'ABCD'.repeat(13) };
		expect(formatStudyKey(key)).toMatch(/^(ABCD-){12}ABCD$/);
		expect(normaliseStudyKey(formatStudyKey(key).toLowerCase().replace(/-/g, ' '))).toBe(key);
		expect(normaliseStudyKey(key.slice(1))).toBeNull();
		expect(normaliseStudyKey('0' + key.slice(1))).toBeNull();
	});

	it('stores a check value that is neither the key nor the salt, and binds both to the study', async () => {
		const { study, key } = await newStudy('Prüfwert');
		expect(study.keyCheck).toBe(studyKeyCheck(key, study.id));
		expect(study.keyCheck).not.toContain(key);
		expect(study.keyCheck).not.toBe(Buffer.from(studySalt(key, study.id)).toString('hex'));
		expect(Buffer.from(studySalt(key, study.id))).not.toEqual(Buffer.from(studySalt(key, crypto.randomUUID())));
	});
});

describe('exports for a study', () => {
	it('gives the same learner the same person, registration and statement-id pseudonyms in every export with the study key', async () => {
		const { study, key } = await newStudy('Vorher-nachher 2027');
		const a = await ndjson({ id: study.id, key: formatStudyKey(key) });
		// Typed differently (lower case, spaces): the same key.
		const b = await ndjson({ id: study.id, key: formatStudyKey(key).toLowerCase().replace(/-/g, ' ') });
		expect(a.lines).toHaveLength(20 * 4);
		expect(b.lines.map((l) => [l.id, l.actor.account.name, l.context.registration])).toEqual(a.lines.map((l) => [l.id, l.actor.account.name, l.context.registration]));
		expect(people(a.lines).size).toBe(20);

		// The default (per export) and another study give other pseudonyms for everything.
		const plain = await ndjson();
		const other = await newStudy('Andere Studie');
		const c = await ndjson({ id: other.study.id, key: other.key });
		for (const x of [plain, c]) {
			expect(overlap(people(x.lines), people(a.lines))).toEqual([]);
			expect(overlap(new Set(x.lines.map((l) => l.id)), new Set(a.lines.map((l) => l.id)))).toEqual([]);
			expect(overlap(new Set(x.lines.map((l) => l.context.registration)), new Set(a.lines.map((l) => l.context.registration)))).toEqual([]);
		}

		// The flat CSV of the study uses the same person pseudonyms as its NDJSON.
		const csv = await run({ data: 'statements', format: 'csv', csv: 'plain' }, { id: study.id, key });
		if ('refused' in csv) throw new Error('refused');
		const rows = text(csv.files.get('statements.csv')).trimEnd().split('\r\n').map((l) => l.split(','));
		expect(new Set(rows.slice(1).map((r) => r[rows[0]!.indexOf('person')]))).toEqual(people(a.lines));

		// The codebook names the study and says the pseudonyms are stable across its exports.
		const codebook = JSON.parse(text(a.files.get('codebuch.json')));
		expect(codebook.pseudonyms).toEqual({ scope: 'study', study: { id: study.id, name: 'Vorher-nachher 2027' } });
		const md = text(a.files.get('codebuch.md'));
		expect(md).toContain(`Studie: Vorher-nachher 2027 (${study.id})`);
		expect(md).toContain('stabil über alle Exporte dieser Studie mit demselben Studienschlüssel');
		expect(JSON.parse(text(plain.files.get('codebuch.json'))).pseudonyms).toEqual({ scope: 'export' });
		expect(text(plain.files.get('codebuch.md'))).toContain('Pseudonyme: nur für diesen Export');

		// The audit entries name the study, never the key; the list counts the exports.
		const logged = (await auditRows('evaluation.export')).filter((r) => r.text.includes(study.id));
		expect(logged).toHaveLength(3);
		for (const r of logged) {
			expect(r.details).toMatchObject({ study: study.id, data: 'statements' });
			expect(r.text).not.toContain(key);
			expect(r.text.toUpperCase().replace(/[-\s]/g, '')).not.toContain(key);
		}
		const listed = await listStudies(getDb(), null);
		expect(listed.find((s) => s.id === study.id)).toMatchObject({ name: 'Vorher-nachher 2027', exports: 3, closedAt: null });
		expect(listed.find((s) => s.id === other.study.id)).toMatchObject({ exports: 1 });
	});

	it('refuses a wrong or malformed key with a reason, logs the refusal without the key, and exports nothing', async () => {
		const { study, key } = await newStudy('Falscher Schlüssel');
		const other = await newStudy('Schlüssel einer anderen Studie');
		const exportsBefore = (await auditRows('evaluation.export')).length;
		const refusedBefore = (await auditRows('evaluation.export_refused')).length;
		// One character changed, another study's key, and something that is not a key at all.
		const typo = key.slice(0, 10) + (key[10] === 'A' ? 'B' : 'A') + key.slice(11);
		expect(await run(NDJSON, { id: study.id, key: typo })).toEqual({ refused: { study: 'wrong_key' } });
		expect(await run(NDJSON, { id: study.id, key: other.key })).toEqual({ refused: { study: 'wrong_key' } });
		expect(await run(NDJSON, { id: study.id, key: 'geheim' })).toEqual({ refused: { study: 'malformed_key' } });
		expect((await auditRows('evaluation.export')).length).toBe(exportsBefore);
		const refusals = (await auditRows('evaluation.export_refused')).slice(refusedBefore);
		expect(refusals.map((r) => r.details)).toEqual([
			expect.objectContaining({ study: study.id, reason: 'wrong_key' }),
			expect.objectContaining({ study: study.id, reason: 'wrong_key' }),
			expect.objectContaining({ study: study.id, reason: 'malformed_key' })
		]);
		for (const r of refusals) {
			expect(r.text).not.toContain(typo);
			expect(r.text).not.toContain(other.key);
			expect(r.text).not.toContain('geheim');
		}
	});

	it('refuses a closed study', async () => {
		const { study, key } = await newStudy('Abgeschlossen');
		expect('refused' in (await run(NDJSON, { id: study.id, key }))).toBe(false);
		expect(await getDb().transaction((tx) => closeStudy(tx, study.id, null, evaluatorId))).toBe(true);
		expect((await getStudy(getDb(), study.id, null))!.closedAt).toBeInstanceOf(Date);
		expect(await run(NDJSON, { id: study.id, key })).toEqual({ refused: { study: 'closed' } });
		const [closed] = await queryRows<{ n: number }>(getDb(), sql`select count(*)::int as n from audit_log where action = 'evaluation.study_closed' and target_id = ${study.id}`);
		expect(Number(closed!.n)).toBe(1);
	});

	it("keeps an organisation's study to its evaluators and its exports to its organisation", async () => {
		const kreis = await newStudy('Studie Kreis', orgs.kreis!);
		const stadt = await newStudy('Studie Stadt', orgs.stadt!);
		const all = await newStudy('Studie alle');
		// An evaluator of the Stadt neither sees nor uses nor closes the Kreis's study (or an all-organisations one).
		const seen = (await listStudies(getDb(), [orgs.stadt!])).map((s) => s.id);
		expect(seen).toContain(stadt.study.id);
		expect(seen).not.toContain(kreis.study.id);
		expect(seen).not.toContain(all.study.id);
		const before = (await auditRows('evaluation.export')).length + (await auditRows('evaluation.export_refused')).length;
		expect(await run(NDJSON, { id: kreis.study.id, key: kreis.key }, [orgs.stadt!])).toEqual({ refused: { study: 'not_found' } });
		expect(await run(NDJSON, { id: all.study.id, key: all.key }, [orgs.stadt!])).toEqual({ refused: { study: 'not_found' } });
		expect((await auditRows('evaluation.export')).length + (await auditRows('evaluation.export_refused')).length).toBe(before);
		expect(await getDb().transaction((tx) => closeStudy(tx, kreis.study.id, [orgs.stadt!], evaluatorId))).toBe(false);
		expect((await getStudy(getDb(), kreis.study.id, null))!.closedAt).toBeNull();

		// Its own study works for the Stadt's evaluator; the Kreis's study, used by an unscoped evaluator, exports the Kreis only.
		const own = await ndjson({ id: stadt.study.id, key: stadt.key }, [orgs.stadt!]);
		expect(people(own.lines).size).toBe(8);
		const narrowed = await ndjson({ id: kreis.study.id, key: kreis.key }, null);
		expect(people(narrowed.lines).size).toBe(12);
		expect(JSON.parse(text(narrowed.files.get('codebuch.json'))).scope).toBe('Kreis Studie');
	});
});
