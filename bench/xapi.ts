// `npm run bench:xapi`: the LRS on PostgreSQL, against the production build (`node build`).
//   (a) raw COPY of the same statements into a scratch table (the floor: what PostgreSQL takes without an LRS)
//   (b) POST batches of 100 from 4 concurrent clients      (c) single-statement POSTs from 4 clients
//   (d) filtered GETs (agent+verb, activity, registration, related_activities, since/until) at N statements
//   (f) the write floor: (b)'s load against bench/xapi-floor-server.ts, a bare node:http server that stores each
//       statement as one (id, raw) row (f1), and the same after the LRS's own validation and row building (f2)
// Prints statements/s, the ratio (b)/(a), CPU per batch of (b) (server and PostgreSQL backends, from /proc)
// and p50/p95 per query type; asserts nothing. Targets (#3, 2 cores):
// ratio ≥ 0.25, every filtered GET p95 < 50 ms at 1 M statements.
//
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a scratch
// database is created and dropped. BENCH_XAPI_STATEMENTS (default 1000000) statements are stored before the
// server starts: by default with COPY of the rows recordStatements' own row builder makes (bench/xapi-prefill.ts);
// BENCH_XAPI_PREFILL=store sends them through recordStatements itself (in-process, 1000 per transaction).
// BENCH_XAPI_DB=name uses that database instead and keeps it (prefilled only while it holds fewer statements),
// for repeated runs; BENCH_XAPI_PARTS=a,b,c,d,f picks measurements (default all); BENCH_XAPI_SERVER_DIR=dir
// serves dir/build instead of this checkout's (an older build, for before/after on the same machine); the server
// runs with `npm start`'s node flags unless BENCH_NODE_ARGS='…' replaces them ('' for node's defaults).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { ensureBuild } from '../scripts/ensure-build.js';
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { createClient } from '../src/lib/server/xapi/clients';
import { platformAuthority, recordStatements } from '../src/lib/server/xapi/store';
import { makeStatement, ORIGIN, TOTAL } from './xapi-data';
import { npmStartArgs } from './npm-start';
import { prefillByCopy } from './xapi-prefill';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.BENCH_PORT ?? 4191);
const BASE = `http://127.0.0.1:${PORT}`;
const FLOOR_PORT = PORT + 1;
const COPY_N = Math.min(TOTAL, 100_000);
const DURATION_MS = Number(process.env.DURATION_MS ?? 15_000);
const QUERIES = Number(process.env.BENCH_XAPI_QUERIES ?? 200);
const CLIENTS = 4;
const PARTS = new Set((process.env.BENCH_XAPI_PARTS ?? 'a,b,c,d,f').split(',').map((p) => p.trim()));
const PREFILL = process.env.BENCH_XAPI_PREFILL === 'store' ? 'store' : 'copy';
const KEEP_DB = process.env.BENCH_XAPI_DB;
const SERVER_DIR = process.env.BENCH_XAPI_SERVER_DIR ?? root;
// The server runs with `npm start`'s node flags (the heap cap costs the write path CPU, see npm-start.ts);
// BENCH_NODE_ARGS replaces them, e.g. with '' for node's defaults.
const NODE_FLAGS = process.env.BENCH_NODE_ARGS !== undefined ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : npmStartArgs(root).flags;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const loadAtStart = load();

/* ---------------------------------------------------------------- helpers */

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n: number) => n.toFixed(1);
function figure(name: string, value: string, target = '', met: boolean | null = null) {
	console.log(`::figure:: ${JSON.stringify({ name, value, target, ...(met === null ? {} : { met }) })}`);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function request(method: string, url: string, headers: Record<string, string>, body?: string, base = BASE) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const req = http.request(base + url, { method, agent, headers }, (res) => {
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
const dbName = KEEP_DB ?? `lb_bench_xapi_${Date.now()}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
if (!KEEP_DB || !(await admin`select 1 from pg_database where datname = ${dbName}`).length) await admin.unsafe(`create database ${dbName}`);
const u = new URL(adminUrl);
u.pathname = '/' + dbName;
const url = u.toString();
let server: ReturnType<typeof spawn> | undefined;
let floor: ReturnType<typeof spawn> | undefined;
process.on('exit', () => {
	server?.kill('SIGKILL');
	floor?.kill('SIGKILL');
});

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
	let copyRate = NaN;
	if (PARTS.has('a')) {
		await raw`create table bench_copy (id uuid primary key, raw jsonb not null)`;
		const t0 = performance.now();
		const copy = await raw`copy bench_copy (id, raw) from stdin`.writable();
		for (let i = 0; i < sample.length; i++) {
			const line = `${sample[i]!.id}\t${JSON.stringify(sample[i]).replace(/\\/g, '\\\\')}\n`;
			if (!copy.write(line)) await new Promise((r) => copy.once('drain', r));
		}
		await new Promise<void>((resolve, reject) => copy.end((err?: Error | null) => (err ? reject(err) : resolve())));
		await raw`select count(*) from bench_copy`;
		copyRate = COPY_N / ((performance.now() - t0) / 1000);
		await raw`drop table bench_copy`;
	}

	// Prefill, oldest first, spread over a year of `stored` times (a kept database: up to TOTAL).
	const prefillStart = performance.now();
	const year = 365 * 24 * 3600 * 1000;
	const start = Date.now() - year;
	const authority = platformAuthority(ORIGIN);
	const [{ n: present }] = (await raw`select count(*)::int as n from xapi_statements`) as unknown as [{ n: number }];
	const missing = present ? 0 : TOTAL;
	if (present && present < TOTAL) console.log(`  kept database ${dbName} holds ${present} statements (< ${TOTAL}); drop it to prefill again`);
	if (missing && PREFILL === 'copy') await prefillByCopy(database.db, raw, TOTAL, start, year, console.log);
	else if (missing) {
		for (let i = 0; i < TOTAL; i += 1000) {
			const at = new Date(start + Math.floor((i / TOTAL) * year));
			const batch = Array.from({ length: Math.min(1000, TOTAL - i) }, (_, k) => makeStatement(i + k, at));
			await database.db.transaction((tx) => recordStatements(tx, batch, authority, { now: at }));
			if (i % 100_000 === 0 && i) console.log(`  prefill: ${i} statements (${Math.round(i / ((performance.now() - prefillStart) / 1000))}/s)`);
		}
	}
	const prefillRate = missing / ((performance.now() - prefillStart) / 1000);
	const stored = present || TOTAL;
	await raw`vacuum analyze`;
	await raw.end();
	await database.close();

	const startServer = async (args: string[], cwd: string, env: Record<string, string>) => {
		const child = spawn(process.execPath, [...NODE_FLAGS, ...args], {
			cwd,
			env: { ...process.env, ORIGIN, DATABASE_URL: url, NODE_ENV: 'production', ...env },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		await new Promise<void>((resolve, reject) => {
			child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Listening on') && resolve());
			child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code})`)));
		});
		return child;
	};
	const startLrs = () => startServer(['build/index.js'], SERVER_DIR, { PORT: String(PORT), DEMO_DATA: 'off', LOG_LEVEL: 'warn', BODY_SIZE_LIMIT: '64M' });
	server = await startLrs();

	// CPU seconds of a process from /proc (utime + stime), for CPU per batch beside the rates: on a shared
	// machine the rates move with the run queue, the CPU per unit of work much less.
	const cpuOf = (pid: number) => {
		try {
			const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
			return (Number(f[11]) + Number(f[12])) / 100;
		} catch {
			return 0;
		}
	};
	const watch = postgres(adminUrl, { max: 1, onnotice: () => {} });
	// WAL written and checkpoints requested, cluster-wide (this bench is the server's only writer): what each
	// batch costs PostgreSQL beyond its rows, chiefly full-page images of index pages first touched after a checkpoint.
	const walNow = async () => {
		const [w] = await watch`select wal_bytes::float8 as bytes, wal_fpi::float8 as fpi, (select checkpoints_req + checkpoints_timed from pg_stat_bgwriter)::int as checkpoints from pg_stat_wal`;
		return w as { bytes: number; fpi: number; checkpoints: number };
	};
	const cpuNow = async (pid = server!.pid!) => {
		const backends = (await watch`select pid from pg_stat_activity where datname = ${dbName}`).map((r) => r.pid as number);
		return { pid, server: cpuOf(pid), backends: new Map(backends.map((pid) => [pid, cpuOf(pid)])), wal: await walNow() };
	};
	const cpuSince = async (before: Awaited<ReturnType<typeof cpuNow>>) => {
		const after = await cpuNow(before.pid);
		let db = 0;
		for (const [pid, t] of after.backends) db += t - (before.backends.get(pid) ?? t);
		const wal = { bytes: after.wal.bytes - before.wal.bytes, fpi: after.wal.fpi - before.wal.fpi, checkpoints: after.wal.checkpoints - before.wal.checkpoints };
		return { server: after.server - before.server, db, wal };
	};

	let next = TOTAL;
	async function postFor(ms: number, size: number, base = BASE) {
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
					const r = await request('POST', '/xapi/statements', headers, JSON.stringify(size === 1 ? batch[0] : batch), base);
					latencies.push(performance.now() - t);
					if (r.status === 200) statements += size;
					else errors++;
				}
			})
		);
		if (errors) console.log(`  ${errors} POSTs failed`);
		return { rate: statements / ((performance.now() - began) / 1000), latencies: latencies.sort((a, b) => a - b), count: latencies.length };
	}
	const none = { rate: NaN, latencies: [] as number[], count: 0 };
	if (PARTS.has('b') || PARTS.has('c')) await postFor(2000, 100); // warm-up
	const cpuBefore = await cpuNow();
	const batches = PARTS.has('b') ? await postFor(DURATION_MS, 100) : none;
	const batchCpu = await cpuSince(cpuBefore);
	const singles = PARTS.has('c') ? await postFor(DURATION_MS, 1) : none;

	// (f) the floor, with the LRS server stopped so that both have the machine to themselves.
	const floors: { name: string; rate: number; cpu: Awaited<ReturnType<typeof cpuSince>>; count: number }[] = [];
	if (PARTS.has('f')) {
		server.kill('SIGKILL');
		for (const [name, prepare] of [
			['f1', '0'],
			['f2', '1']
		] as const) {
			floor = await startServer(['--import', 'tsx', 'bench/xapi-floor-server.ts'], root, { PORT: String(FLOOR_PORT), FLOOR_PREPARE: prepare, FLOOR_TABLE: `bench_floor_${name}` });
			await postFor(2000, 100, `http://127.0.0.1:${FLOOR_PORT}`);
			const before = await cpuNow(floor.pid!);
			const r = await postFor(DURATION_MS, 100, `http://127.0.0.1:${FLOOR_PORT}`);
			floors.push({ name, rate: r.rate, cpu: await cpuSince(before), count: r.count });
			floor.kill('SIGKILL');
			await new Promise((resolve) => floor!.once('exit', resolve));
		}
		server = await startLrs();
	}
	await watch.end();

	// (d) filtered GETs with values taken from random statements of the prefill (so each names something stored),
	// 2 concurrent clients, default limit.
	const rand = (n: number) => Math.floor(Math.random() * n);
	const some = (kind: (i: number) => boolean) => {
		for (;;) {
			const i = rand(TOTAL);
			if (kind(i % 10)) return makeStatement(i, new Date()) as unknown as { actor: unknown; verb: { id: string }; object: { id: string }; context: { registration: string; contextActivities: { grouping: { id: string }[] } } };
		}
	};
	const q = encodeURIComponent;
	const queries: Record<string, () => string> = {
		'agent+verb': () => {
			const s = some(() => true);
			return `agent=${q(JSON.stringify(s.actor))}&verb=${q(s.verb.id)}`;
		},
		activity: () => `activity=${q(some((kind) => kind < 5).object.id)}`,
		registration: () => `registration=${some(() => true).context.registration}`,
		related_activities: () => `activity=${q(some(() => true).context.contextActivities.grouping[0]!.id)}&related_activities=true`,
		'since/until': () => {
			const from = start + rand(year - 24 * 3600 * 1000);
			return `since=${new Date(from).toISOString()}&until=${new Date(from + 6 * 3600 * 1000).toISOString()}`;
		}
	};
	const getResults: Record<string, number[]> = {};
	for (const [name, make] of PARTS.has('d') ? Object.entries(queries) : []) {
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
	const prefillHow =
		PREFILL === 'copy' ? "COPY of the rows recordStatements' row builder (prepareStatements) makes; bench-only bulk path" : 'recordStatements in-process, 1000 per transaction';
	console.log(`xAPI LRS on PostgreSQL, production build${SERVER_DIR === root ? '' : ` of ${SERVER_DIR}`} (node ${NODE_FLAGS.join(' ') || 'with default flags'}), ${stored} statements stored before the measurements (avg ${Math.round(avgBytes)} bytes of JSON each)`);
	console.log(`  load average at the start ${loadAtStart} · now ${load()} (2 cores; other processes share them)`);
	if (missing) console.log(`  prefill (${prefillHow}): ${Math.round(prefillRate)} statements/s`);
	if (PARTS.has('a')) console.log(`  (a) COPY of ${COPY_N} statements into a scratch table: ${Math.round(copyRate)} statements/s`);
	if (PARTS.has('b'))
		console.log(`  (b) POST batches of 100, ${CLIENTS} clients, ${DURATION_MS / 1000} s: ${Math.round(batches.rate)} statements/s, per request p50 ${fmt(pct(batches.latencies, 50))} ms · p95 ${fmt(pct(batches.latencies, 95))} ms`);
	const perBatch = (c: Awaited<ReturnType<typeof cpuSince>>, n: number) =>
		`CPU per batch of 100 (from /proc): server ${fmt((c.server * 1000) / n)} ms · PostgreSQL backends ${fmt((c.db * 1000) / n)} ms; ` +
		`WAL ${Math.round(c.wal.bytes / n / 1024)} kB per batch, ${Math.round(c.wal.fpi / n)} full-page images; ${c.wal.checkpoints} checkpoints during the run`;
	if (PARTS.has('b') && batches.count) console.log(`      ${perBatch(batchCpu, batches.count)}`);
	if (PARTS.has('c'))
		console.log(`  (c) single-statement POSTs, ${CLIENTS} clients, ${DURATION_MS / 1000} s: ${Math.round(singles.rate)} statements/s, p50 ${fmt(pct(singles.latencies, 50))} ms · p95 ${fmt(pct(singles.latencies, 95))} ms`);
	if (PARTS.has('a') && PARTS.has('b')) console.log(`  ratio (b)/(a): ${ratio.toFixed(3)} (target ≥ 0.25)`);
	for (const f of floors) {
		const what = f.name === 'f1' ? 'parse, one (id, raw) row per statement' : "the LRS's validation and row building, then one (id, raw) row per statement";
		console.log(`  (${f.name}) floor, bare node:http: ${what}: ${Math.round(f.rate)} statements/s, ratio to (a) ${(f.rate / copyRate).toFixed(3)}`);
		console.log(`      ${perBatch(f.cpu, f.count)}`);
		figure(`(${f.name}) write floor statements/s`, String(Math.round(f.rate)));
	}
	if (PARTS.has('a')) figure('(a) COPY statements/s', String(Math.round(copyRate)));
	if (PARTS.has('b')) figure('(b) POST batches of 100, 4 clients, statements/s', String(Math.round(batches.rate)));
	if (PARTS.has('c')) figure('(c) single POSTs, 4 clients, statements/s', String(Math.round(singles.rate)));
	if (PARTS.has('a') && PARTS.has('b')) figure('ratio (b)/(a)', ratio.toFixed(3), '≥ 0.25', ratio >= 0.25);
	for (const [name, l] of Object.entries(getResults)) {
		const p95 = pct(l, 95);
		console.log(`  (d) GET ${name}: ${l.length} queries, p50 ${fmt(pct(l, 50))} ms · p95 ${fmt(p95)} ms`);
		figure(`(d) GET ${name} p95 at ${stored} statements`, `${fmt(p95)} ms (p50 ${fmt(pct(l, 50))} ms)`, '< 50 ms', stored >= 1_000_000 ? p95 < 50 : null);
	}
} finally {
	agent.destroy();
	server?.kill('SIGKILL');
	floor?.kill('SIGKILL');
	await new Promise((r) => setTimeout(r, 300));
	if (!KEEP_DB) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
	await admin.end();
}
process.exit(0);
