// `npm run bench:stats` (also part of `npm run bench`): the evaluator's views and exports at scale, on
// PostgreSQL (BENCH_DATABASE_URL, a database of its own whose name contains "bench"). Seeds 10,000
// synthetic learners with 1,000,000 xAPI statements once (BENCH_LEARNERS / BENCH_STATEMENTS), then
// times every view query (p50/p95 over BENCH_RUNS runs after one warm-up) and streams the statement
// exports (rows/s, peak RSS of this process). Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { queryRows, useDatabase } from '../src/lib/server/db';
import { importAllCourses } from '../src/lib/server/courses/import';
import { listLiveVersions } from '../src/lib/server/courses/cache';
import { findSurvey } from '../src/lib/server/courses/model';
import { contentFor, dashboard, resolveScope } from '../src/lib/server/evaluation/dashboard';
import { completionOverTime, funnel, orgTypeByRegion } from '../src/lib/server/evaluation/overview';
import { prePost } from '../src/lib/server/evaluation/prepost';
import { itemAnalysisByLesson } from '../src/lib/server/evaluation/items';
import { lessonTimes } from '../src/lib/server/evaluation/lessons';
import { generateSynthetic, SYNTHETIC_DOMAIN } from '../src/lib/server/evaluation/synthetic';
import { startExport, type ExportRequest } from '../src/lib/server/evaluation/export';

process.env.LOG_LEVEL ??= 'warn';
const url = process.env.BENCH_DATABASE_URL;
if (!url) {
	console.log('bench:stats skipped: set BENCH_DATABASE_URL=postgres://…/<name>_bench (a scratch database; createdb -h 127.0.0.1 -U postgres stats_bench).');
	process.exit(0);
}
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 10_000);
const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ORIGIN = 'http://localhost:3000';

const figure = (name: string, value: string, target: string, met: boolean) => console.log(`::figure:: ${JSON.stringify({ name, value, target, met })}`);

const database = await openDatabase({ driver: 'postgres', url, maxConnections: 4 });
await migrateDatabase(database.db, { driver: 'postgres', url });
useDatabase(database);
const db = database.db;
const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(db, q))[0]!.n);

let learners = await count(sql`select count(*)::int as n from users where email like ${'%@' + SYNTHETIC_DOMAIN}`);
if (learners < LEARNERS) {
	const name = decodeURIComponent(new URL(url).pathname.slice(1));
	if (!name.includes('bench')) {
		console.error(`bench:stats seeds only a database whose name contains "bench" (got ${name}).`);
		process.exit(1);
	}
	console.log(`Seeding ${LEARNERS - learners} learners, ${STATEMENTS} statements into ${name} (once) …`);
	const t0 = performance.now();
	await importAllCourses(db, './courses');
	const versions = (await listLiveVersions(db)).map((v) => ({ id: v.id, courseId: v.courseId, content: v.content }));
	const r = await generateSynthetic(db, { learners: LEARNERS - learners, versions, createOrganisations: 120, seed: 1, statements: { origin: ORIGIN, target: STATEMENTS } });
	console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${r.enrolments} enrolments, ${r.statements} statements`);
	learners = LEARNERS;
}
await db.execute(sql`analyze`);
const statements = await count(sql`select count(*)::int as n from xapi_statements`);
const enrolmentCount = await count(sql`select count(*)::int as n from enrolments`);
console.log(`PostgreSQL ${database.location}: ${learners} synthetic learners, ${enrolmentCount} enrolments, ${statements} statements; ${RUNS} runs per query after a warm-up.`);

// BENCH_ONLY=views or BENCH_ONLY=exports runs one half (for iterating on one of them); a full run does the
// exports in a child process.
const only = process.env.BENCH_ONLY;
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function timeView(name: string, f: () => Promise<unknown>) {
	await f();
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		await f();
		times.push(performance.now() - t0);
	}
	const p50 = pct(times, 50);
	const p95 = pct(times, 95);
	console.log(`${name.padEnd(58)} p50 ${p50.toFixed(0).padStart(5)} ms  p95 ${p95.toFixed(0).padStart(5)} ms`);
	figure(`view ${name} p95`, `${p95.toFixed(0)} ms (p50 ${p50.toFixed(0)} ms)`, '< 500 ms', p95 < 500);
}

const courses = await queryRows<{ slug: string }>(db, sql`select c.slug from courses c join enrolments e on e.course_id = c.id group by c.slug order by count(*) desc limit 1`);
const slug = courses[0]?.slug;
for (const [label, q] of only === 'exports' ? [] : [
	['all', {}],
	[`course=${slug}`, { course: slug! }],
	[`course=${slug}&orgtype=verwaltung&region=NI`, { course: slug!, orgtype: 'verwaltung', region: 'NI' }]
] as const) {
	const params = new URLSearchParams(q as Record<string, string>);
	const { scope } = await resolveScope(db, params, null, 'de');
	console.log(`\nFilter: ${label}`);
	await timeView(`funnel [${label}]`, () => funnel(db, scope));
	await timeView(`completion over time [${label}]`, () => completionOverTime(db, scope));
	await timeView(`org type × Land [${label}]`, () => orgTypeByRegion(db, scope));
	const version = await contentFor(db, scope.filter);
	if (version) {
		const variant = version.content.variants.de ?? version.content.variants[version.content.language]!;
		const survey = findSurvey(variant, version.content.prePost);
		if (survey) await timeView(`pre/post [${label}]`, () => prePost(db, scope, survey));
		await timeView(`item analysis [${label}]`, () => itemAnalysisByLesson(db, scope, variant));
		await timeView(`lesson times [${label}]`, () => lessonTimes(db, scope, variant));
	}
	await timeView(`whole dashboard page [${label}]`, () => dashboard(db, params, null, 'de'));
}

const [evaluator] = await queryRows<{ id: string }>(db, sql`select id from users limit 1`);
async function timeExport(label: string, req: ExportRequest) {
	global.gc?.();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const t0 = performance.now();
	const r = await startExport(db, new URLSearchParams(), req, { actorId: evaluator!.id, orgs: null, scopeNames: null, lang: 'de', origin: ORIGIN });
	if ('refused' in r) throw new Error('refused');
	let bytes = 0;
	let newlines = 0;
	const reader = r.body.getReader();
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		bytes += value.length;
		for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) newlines++;
		peak = Math.max(peak, process.memoryUsage().rss);
	}
	clearInterval(sampler);
	const seconds = (performance.now() - t0) / 1000;
	// Data rows = statements in the selection (the codebook's lines are a few hundred; counted exactly here).
	const rows = await count(sql`select count(*)::int as n from xapi_statements s join enrolments e on e.id = s.registration
		where s.authority_client_id is null and not s.voided and s.verb_id <> 'http://adlnet.gov/expapi/verbs/voided'`);
	const rate = rows / seconds;
	const mb = peak / 1024 / 1024;
	console.log(`${label.padEnd(40)} ${rows} rows, ${(bytes / 1024 / 1024).toFixed(0)} MiB in ${seconds.toFixed(1)} s = ${Math.round(rate)} rows/s, peak RSS ${mb.toFixed(0)} MB (${(baseline / 1024 / 1024).toFixed(0)} MB before the export; ${newlines} lines incl. codebook)`);
	figure(`${label} rows/s`, `${Math.round(rate)} rows/s (${rows} rows in ${seconds.toFixed(1)} s)`, '≥ 50000 rows/s', rate >= 50_000);
	figure(`${label} peak RSS`, `${mb.toFixed(0)} MB`, '< 250 MB', mb < 250);
}
console.log('');
if (only === undefined) {
	// The exports run in a process of their own: its RSS is then the export's (plus the app's modules), not
	// the view data this process still holds on to.
	await database.close();
	const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!], { env: { ...process.env, BENCH_ONLY: 'exports' }, stdio: 'inherit' });
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	process.exit(code ?? 1);
}
if (only !== 'views') await timeExport('export statements CSV (excel)', { data: 'statements', format: 'csv', csv: 'excel' });
if (only !== 'views') await timeExport('export statements xAPI NDJSON', { data: 'statements', format: 'ndjson', csv: 'excel' });
await database.close();
