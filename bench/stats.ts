// `npm run bench:stats` (also part of `npm run bench`): the evaluator's views and exports at scale, on
// PostgreSQL (BENCH_DATABASE_URL, a database of its own whose name contains "bench"). Seeds 10,000
// synthetic learners with 1,000,000 xAPI statements once (BENCH_LEARNERS / BENCH_STATEMENTS), then
// times every view query (p50/p95 over BENCH_RUNS runs after one warm-up) and streams the statement
// exports, downloaded from the production server as `npm start` runs it (rows/s, peak RSS of the server
// process). Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { createUser } from '../src/lib/server/users';
import { createSession, generateSessionToken } from '../src/lib/server/auth/session';
import { ensureBuild } from '../scripts/ensure-build.js';
import { npmStartArgs } from './npm-start';

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
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.BENCH_PORT ?? 4195);
const BASE = `http://127.0.0.1:${PORT}`;

const figure = (name: string, value: string, target: string, met: boolean | null) =>
	console.log(`::figure:: ${JSON.stringify({ name, value, target, ...(met === null ? {} : { met }) })}`);

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

// BENCH_ONLY=views or BENCH_ONLY=exports runs one half (for iterating on one of them).
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

// The exports are measured where users get them: downloaded over HTTP from the production server, started
// with the same node flags as `npm start` (package.json), with the peak RSS of that server process. The heap
// cap there (--max-old-space-size) is what keeps it flat: without it V8 lets short-lived garbage pile up to
// ~4× the live heap before a full collection (decision 009).
async function serveProduction() {
	const { args } = npmStartArgs(root);
	const child = spawn(process.execPath, args, {
		cwd: root,
		env: { ...process.env, PORT: String(PORT), ORIGIN: BASE, DATABASE_URL: url, DEMO_DATA: 'off', LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_SECONDS: '0', WEB_CONCURRENCY: '1' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	process.on('exit', () => child.kill('SIGKILL'));
	for (let i = 0; i < 600; i++) {
		const ok = await fetch(`${BASE}/healthz`).then((r) => r.ok, () => false);
		if (ok) return { child, args };
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('the production server did not start');
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function timeExport(label: string, cookie: string, pid: number, query: string) {
	const baseline = rssMb(pid);
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
	const t0 = performance.now();
	let bytes = 0;
	await new Promise<void>((resolve, reject) => {
		http.get(`${BASE}/evaluate/export?${query}`, { headers: { cookie, accept: '*/*' } }, (res) => {
			if (res.statusCode !== 200) reject(new Error(`${label}: HTTP ${res.statusCode}`));
			res.on('data', (c: Buffer) => (bytes += c.length));
			res.on('end', resolve);
			res.on('error', reject);
		}).on('error', reject);
	});
	clearInterval(sampler);
	peak = Math.max(peak, rssMb(pid));
	const seconds = (performance.now() - t0) / 1000;
	// Data rows = statements in the selection, counted exactly here.
	const rows = await count(sql`select count(*)::int as n from xapi_statements s join enrolments e on e.id = s.registration
		where s.authority_client_id is null and not s.voided and s.verb_id <> 'http://adlnet.gov/expapi/verbs/voided'`);
	const rate = rows / seconds;
	console.log(`${label.padEnd(40)} ${rows} rows, ${(bytes / 1024 / 1024).toFixed(0)} MiB (zip) in ${seconds.toFixed(1)} s = ${Math.round(rate)} rows/s, server peak RSS ${peak.toFixed(0)} MB (${baseline.toFixed(0)} MB before the export)`);
	// #8 sets the rate target for the CSV export; the other exports' rates are printed without one.
	const rateTarget = label.includes('CSV');
	figure(`${label} rows/s`, `${Math.round(rate)} rows/s (${rows} rows in ${seconds.toFixed(1)} s)`, rateTarget ? '≥ 50000 rows/s' : '', rateTarget ? rate >= 50_000 : null);
	figure(`${label} peak RSS`, `${peak.toFixed(0)} MB`, '< 250 MB', peak < 250);
}

console.log('');
if (only !== 'views') {
	ensureBuild();
	const { child, args } = await serveProduction();
	console.log(`Exports: downloaded from the production server (node ${args.join(' ')}, as npm start) on port ${PORT}.`);
	const evaluator = await createUser(db, { email: `bench-evaluator-${Date.now()}@bench.example`, name: 'Bench Evaluator', password: randomBytes(18).toString('base64url'), roles: [{ role: 'evaluator', organisationId: null }] }, null);
	const token = generateSessionToken();
	await createSession(db, token, evaluator.id);
	const cookie = `lb_session=${token}`;
	await timeExport('export statements CSV (excel)', cookie, child.pid!, 'data=statements&format=csv&csv=excel');
	await timeExport('export statements xAPI NDJSON', cookie, child.pid!, 'data=statements&format=ndjson&csv=excel');
	child.kill('SIGTERM');
}
await database.close();
