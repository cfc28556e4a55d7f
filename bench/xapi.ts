// `npm run bench:xapi`: the LRS on PostgreSQL, against the production build (`node build`).
//   (a) raw COPY of the same statements into a scratch table (the floor: what PostgreSQL takes without an LRS)
//   (b) POST batches of 100 from 4 concurrent clients      (c) single-statement POSTs from 4 clients
//   (d) filtered GETs (agent+verb, activity, registration, related_activities, since/until) at N statements
// Prints statements/s, the ratio (b)/(a) and p50/p95 per query type; asserts nothing. Targets (#3, 2 cores):
// ratio ≥ 0.25, every filtered GET p95 < 50 ms at 1 M statements.
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a scratch
// database is created and dropped. BENCH_XAPI_STATEMENTS (default 1000000) statements are stored through
// recordStatements (the LRS's own write path, in-process, 1000 per transaction) before the server starts.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { ensureBuild } from '../scripts/ensure-build.js';
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { createClient } from '../src/lib/server/xapi/clients';
import { platformAuthority, recordStatements } from '../src/lib/server/xapi/store';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.BENCH_PORT ?? 4191);
const BASE = `http://127.0.0.1:${PORT}`;
const ORIGIN = 'https://lernbruecke.example';
const TOTAL = Number(process.env.BENCH_XAPI_STATEMENTS ?? 1_000_000);
const COPY_N = Math.min(TOTAL, 100_000);
const DURATION_MS = Number(process.env.DURATION_MS ?? 15_000);
const QUERIES = Number(process.env.BENCH_XAPI_QUERIES ?? 200);
const CLIENTS = 4;

/* ---------------------------------------------------------------- realistic statements (our vocabulary) */

const V = (v: string) => ({ id: `http://adlnet.gov/expapi/verbs/${v}`, display: { 'de-DE': v, 'en-US': v } });
const COURSES = ['interkulturelle-kompetenz-grundlagen', 'kommunikation-im-team', 'konfliktloesung', 'diversity-management', 'arbeiten-in-europa'];
const LEARNERS = Math.max(100, Math.round(TOTAL / 40));
const act = (kind: string, id: string) => `${ORIGIN}/xapi/activities/${kind}/${id}`;
const learner = (i: number) => `l${(i % LEARNERS).toString(36).padStart(6, '0')}-${'x'.repeat(10)}`;
/** One enrolment per learner and course: a stable UUID derived from both. */
const registration = (l: number, c: number) => {
	const h = ((l * 2654435761) ^ (c * 40503)) >>> 0;
	return `${h.toString(16).padStart(8, '0')}-${(l & 0xffff).toString(16).padStart(4, '0')}-4${(c & 0xfff).toString(16).padStart(3, '0')}-8${((l >>> 16) & 0xfff).toString(16).padStart(3, '0')}-${(l * 7919 + c).toString(16).padStart(12, '0').slice(-12)}`;
};

export function makeStatement(i: number, at: Date) {
	const l = i % LEARNERS;
	const c = (i * 31 + l) % COURSES.length;
	const course = COURSES[c]!;
	const lesson = `lektion-${(i % 12) + 1}`;
	const q = `frage-${(i % 40) + 1}`;
	const kind = i % 10;
	const base = {
		id: crypto.randomUUID(),
		actor: { objectType: 'Agent', account: { homePage: ORIGIN, name: learner(l) } },
		timestamp: at.toISOString(),
		context: {
			registration: registration(l, c),
			revision: `v${(c % 3) + 1}`,
			language: 'de-DE',
			platform: 'Lernbrücke',
			contextActivities: {
				parent: [{ id: act('lesson', `${course}/${lesson}`), objectType: 'Activity' }],
				grouping: [{ id: act('course', course), objectType: 'Activity' }],
				category: [{ id: `${ORIGIN}/xapi/profile/lernbruecke/v1`, objectType: 'Activity' }]
			},
		}
	};
	if (kind < 5) {
		return {
			...base,
			verb: V('answered'),
			object: {
				objectType: 'Activity',
				id: act('question', `${course}/${q}`),
				definition: {
					type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
					name: { 'de-DE': `Frage ${q} zu ${lesson}` },
					interactionType: 'choice',
					correctResponsesPattern: ['b'],
					choices: ['a', 'b', 'c'].map((id) => ({ id, description: { 'de-DE': `Antwort ${id}` } }))
				}
			},
			result: { response: 'abc'[i % 3], success: i % 4 === 1, score: { scaled: i % 4 === 1 ? 1 : 0, raw: i % 4 === 1 ? 1 : 0, min: 0, max: 1 }, duration: `PT${(i % 90) + 5}S` }
		};
	}
	if (kind < 7) {
		return {
			...base,
			verb: V('progressed'),
			object: { objectType: 'Activity', id: act('lesson', `${course}/${lesson}`), definition: { type: 'http://adlnet.gov/expapi/activities/lesson', name: { 'de-DE': `Lektion ${lesson}` } } },
			result: { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': (i * 7) % 101 }, duration: `PT${(i % 20) + 1}M` }
		};
	}
	const verb = ['experienced', 'completed', 'passed'][kind - 7]!;
	return {
		...base,
		verb: V(verb),
		object: { objectType: 'Activity', id: kind === 9 ? act('course', course) : act('lesson', `${course}/${lesson}`), definition: { type: 'http://adlnet.gov/expapi/activities/lesson', name: { 'de-DE': `Lektion ${lesson}` } } },
		...(kind === 9 ? { result: { success: true, completion: true, score: { scaled: 0.85 } } } : {})
	};
}

/* ---------------------------------------------------------------- helpers */

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n: number) => n.toFixed(1);
function figure(name: string, value: string, target = '', met: boolean | null = null) {
	console.log(`::figure:: ${JSON.stringify({ name, value, target, ...(met === null ? {} : { met }) })}`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function request(method: string, url: string, headers: Record<string, string>, body?: string) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = http.request(BASE + url, { method, agent, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
		});
		req.on('error', reject);
		if (body) req.write(body);
		req.end();
	});
}

/* ---------------------------------------------------------------- setup: scratch database, prefill */

ensureBuild();
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `lb_bench_xapi_${Date.now()}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const u = new URL(adminUrl);
u.pathname = '/' + dbName;
const url = u.toString();
let server: ReturnType<typeof spawn> | undefined;
process.on('exit', () => server?.kill('SIGKILL'));

try {
	const options = { driver: 'postgres' as const, url, maxConnections: 4 };
	const database = await openDatabase(options);
	await migrateDatabase(database.db, options, path.join(root, 'drizzle'));
	const { key, secret } = await createClient(database.db, { name: 'bench', scopes: ['all'] });
	const auth = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
	const headers = { Authorization: auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' };

	// (a) COPY into a scratch table with the statement JSON as the only payload.
	const sample = Array.from({ length: COPY_N }, (_, i) => makeStatement(i, new Date(Date.UTC(2026, 0, 1) + i * 1000)));
	const avgBytes = sample.slice(0, 1000).reduce((n, s) => n + JSON.stringify(s).length, 0) / 1000;
	const raw = postgres(url, { max: 1, onnotice: () => {} });
	await raw`create table bench_copy (id uuid primary key, raw jsonb not null)`;
	const t0 = performance.now();
	const copy = await raw`copy bench_copy (id, raw) from stdin`.writable();
	for (let i = 0; i < sample.length; i++) {
		const line = `${sample[i]!.id}\t${JSON.stringify(sample[i]).replace(/\\/g, '\\\\')}\n`;
		if (!copy.write(line)) await new Promise((r) => copy.once('drain', r));
	}
	await new Promise<void>((resolve, reject) => copy.end((err?: Error | null) => (err ? reject(err) : resolve())));
	await raw`select count(*) from bench_copy`;
	const copyRate = COPY_N / ((performance.now() - t0) / 1000);
	await raw`drop table bench_copy`;

	// Prefill through the LRS's own write path, oldest first, spread over a year of `stored` times.
	const prefillStart = performance.now();
	const year = 365 * 24 * 3600 * 1000;
	const start = Date.now() - year;
	const authority = platformAuthority(ORIGIN);
	for (let i = 0; i < TOTAL; i += 1000) {
		const at = new Date(start + Math.floor((i / TOTAL) * year));
		const batch = Array.from({ length: Math.min(1000, TOTAL - i) }, (_, k) => makeStatement(i + k, at));
		await database.db.transaction((tx) => recordStatements(tx, batch, authority, { now: at }));
		if (i % 100_000 === 0 && i) console.log(`  prefill: ${i} statements (${Math.round(i / ((performance.now() - prefillStart) / 1000))}/s)`);
	}
	const prefillRate = TOTAL / ((performance.now() - prefillStart) / 1000);
	await raw`vacuum analyze`;
	await raw.end();
	await database.close();

	server = spawn(process.execPath, ['build/index.js'], {
		cwd: root,
		env: { ...process.env, PORT: String(PORT), ORIGIN, DATABASE_URL: url, DEMO_DATA: 'off', LOG_LEVEL: 'warn', NODE_ENV: 'production', BODY_SIZE_LIMIT: '64M' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		server!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Listening on') && resolve());
		server!.once('exit', (code) => reject(new Error(`server exited (${code})`)));
	});

	let next = TOTAL;
	async function postFor(ms: number, size: number) {
		const latencies: number[] = [];
		let statements = 0;
		let errors = 0;
		const until = performance.now() + ms;
		const began = performance.now();
		await Promise.all(
			Array.from({ length: CLIENTS }, async () => {
				while (performance.now() < until) {
					const batch = Array.from({ length: size }, () => makeStatement(next++, new Date()));
					const t = performance.now();
					const r = await request('POST', '/xapi/statements', headers, JSON.stringify(size === 1 ? batch[0] : batch));
					latencies.push(performance.now() - t);
					if (r.status === 200) statements += size;
					else errors++;
				}
			})
		);
		if (errors) console.log(`  ${errors} POSTs failed`);
		return { rate: statements / ((performance.now() - began) / 1000), latencies: latencies.sort((a, b) => a - b) };
	}
	await postFor(2000, 100); // warm-up
	const batches = await postFor(DURATION_MS, 100);
	const singles = await postFor(DURATION_MS, 1);

	// (d) filtered GETs with values that exist in the store, 2 concurrent clients, default limit.
	const rand = (n: number) => Math.floor(Math.random() * n);
	const agentOf = (l: number) => encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage: ORIGIN, name: learner(l) } }));
	const queries: Record<string, () => string> = {
		'agent+verb': () => `agent=${agentOf(rand(LEARNERS))}&verb=${encodeURIComponent(V(['answered', 'progressed', 'completed'][rand(3)]!).id)}`,
		activity: () => `activity=${encodeURIComponent(act('question', `${COURSES[rand(5)]}/frage-${rand(40) + 1}`))}`,
		registration: () => {
			const l = rand(LEARNERS);
			return `registration=${registration(l, (l * 31 + l) % COURSES.length)}`;
		},
		related_activities: () => `activity=${encodeURIComponent(act('course', COURSES[rand(5)]!))}&related_activities=true`,
		'since/until': () => {
			const from = start + rand(year - 24 * 3600 * 1000);
			return `since=${new Date(from).toISOString()}&until=${new Date(from + 6 * 3600 * 1000).toISOString()}`;
		}
	};
	const getResults: Record<string, number[]> = {};
	for (const [name, make] of Object.entries(queries)) {
		const latencies: number[] = [];
		let bad = 0;
		for (let i = 0; i < 10; i++) await request('GET', `/xapi/statements?${make()}`, headers); // warm-up
		let left = QUERIES;
		await Promise.all(
			Array.from({ length: 2 }, async () => {
				while (left-- > 0) {
					const t = performance.now();
					const r = await request('GET', `/xapi/statements?${make()}`, headers);
					latencies.push(performance.now() - t);
					if (r.status !== 200) bad++;
				}
			})
		);
		if (bad) console.log(`  ${name}: ${bad} GETs failed`);
		getResults[name] = latencies.sort((a, b) => a - b);
	}

	const ratio = batches.rate / copyRate;
	console.log(`xAPI LRS on PostgreSQL, production build, ${TOTAL} statements stored before the measurements (avg ${Math.round(avgBytes)} bytes of JSON each)`);
	console.log(`  prefill through recordStatements in-process (1000 per transaction): ${Math.round(prefillRate)} statements/s`);
	console.log(`  (a) COPY of ${COPY_N} statements into a scratch table: ${Math.round(copyRate)} statements/s`);
	console.log(`  (b) POST batches of 100, ${CLIENTS} clients, ${DURATION_MS / 1000} s: ${Math.round(batches.rate)} statements/s, per request p50 ${fmt(pct(batches.latencies, 50))} ms · p95 ${fmt(pct(batches.latencies, 95))} ms`);
	console.log(`  (c) single-statement POSTs, ${CLIENTS} clients, ${DURATION_MS / 1000} s: ${Math.round(singles.rate)} statements/s, p50 ${fmt(pct(singles.latencies, 50))} ms · p95 ${fmt(pct(singles.latencies, 95))} ms`);
	console.log(`  ratio (b)/(a): ${ratio.toFixed(3)} (target ≥ 0.25)`);
	figure('(a) COPY statements/s', String(Math.round(copyRate)));
	figure('(b) POST batches of 100, 4 clients, statements/s', String(Math.round(batches.rate)));
	figure('(c) single POSTs, 4 clients, statements/s', String(Math.round(singles.rate)));
	figure('ratio (b)/(a)', ratio.toFixed(3), '≥ 0.25', ratio >= 0.25);
	for (const [name, l] of Object.entries(getResults)) {
		const p95 = pct(l, 95);
		console.log(`  (d) GET ${name}: ${l.length} queries, p50 ${fmt(pct(l, 50))} ms · p95 ${fmt(p95)} ms`);
		figure(`(d) GET ${name} p95 at ${TOTAL} statements`, `${fmt(p95)} ms (p50 ${fmt(pct(l, 50))} ms)`, '< 50 ms', TOTAL >= 1_000_000 ? p95 < 50 : null);
	}
} finally {
	agent.destroy();
	server?.kill('SIGKILL');
	await new Promise((r) => setTimeout(r, 300));
	await admin.unsafe(`drop database if exists ${dbName} with (force)`);
	await admin.end();
}
process.exit(0);
