// `npm run bench:pages`: latency of a lesson page for a logged-in learner under 50 concurrent connections,
// against the production build (`node build`) on a fresh embedded database, and the JavaScript (gzip) the
// lesson page loads. Prints figures; asserts nothing (timings never go into tests). Target: p95 < 30 ms,
// JavaScript < 60 kB gzip.
//
// A small load generator of its own (keep-alive agent, fixed concurrency, every latency kept) rather than
// autocannon: autocannon reports p90 and p97.5 but not the p95 the target names.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureBuild } from '../scripts/ensure-build.js';

const PORT = Number(process.env.BENCH_PORT ?? 4190);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const DURATION_MS = Number(process.env.DURATION_MS ?? 15_000);
const WARMUP_MS = 3_000;
// Reference lines, measured in the same run with the same load generator (it shares the cores with the
// server): a static file adapter-node serves without SvelteKit (Node's HTTP ceiling on this machine), and a
// page with no queries of its own (hooks, session, layout and SSR: SvelteKit's ceiling for this app).
const REFERENCES = [
	{ path: '/robots.txt', what: 'static file, no SvelteKit' },
	{ path: '/leichte-sprache', what: 'page without queries of its own: hooks, session, layout, SSR' }
];
const BASE = `http://localhost:${PORT}`;
const COURSE = '/courses/interkulturelle-kompetenz-grundlagen';
const LESSON = process.env.PAGE ?? `${COURSE}/lessons/wahrnehmung`;
// Second run: every request opens another lesson than the one before (a write per request, as when a
// learner moves on), versus the first run's re-reads of one lesson (no write within a minute).
const ROTATE = ['was-ist-kultur', 'wahrnehmung', 'stereotype-vorurteile', 'eigene-praegung', 'modelle-deardorff-bennett', 'hofstede-kulturstandards'].map((l) => `${COURSE}/lessons/${l}`);

// BENCH_SERVER_DIR=<dir> serves another build (e.g. a copy of main's build inside this checkout, so its imports
// resolve to the same node_modules): before and after side by side on one machine within minutes.
const SERVER_DIR = process.env.BENCH_SERVER_DIR ?? 'build';
if (!process.env.BENCH_SERVER_DIR) ensureBuild();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-pages-'));
// BENCH_DATABASE_URL=postgres://… runs the server on a scratch PostgreSQL database (what production uses);
// without it, on the embedded database `npm start` uses.
const scratch = process.env.BENCH_DATABASE_URL ? await createScratchDatabase(process.env.BENCH_DATABASE_URL) : null;
// WEB_CONCURRENCY=<n> (PostgreSQL only) runs the build as `npm start` would with it: n worker processes.
const entry = process.env.WEB_CONCURRENCY ? ['scripts/serve.js', path.join(SERVER_DIR, 'index.js')] : [path.join(SERVER_DIR, 'index.js')];
const server = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...entry], {
	env: {
		...process.env,
		PORT: String(PORT),
		ORIGIN: BASE,
		PGLITE_DIR: path.join(dataDir, 'pglite'),
		...(scratch ? { DATABASE_URL: scratch.url } : {}),
		DEMO_DATA: 'on',
		LOG_LEVEL: 'warn',
		NODE_ENV: 'production'
	},
	stdio: ['ignore', 'pipe', 'inherit']
});
process.on('exit', () => server.kill('SIGKILL'));
// The server's CPU time (Linux): per request, it is a figure that a machine shared with other work distorts
// far less than latency does. With WEB_CONCURRENCY the server is a cluster: the primary and its workers.
function serverCpuMs(): number | null {
	const ticks = (pid: string) => {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return { ppid: fields[1], cpu: Number(fields[11]) + Number(fields[12]) }; // utime + stime, in clock ticks of 10 ms
	};
	try {
		let total = ticks(String(server.pid)).cpu;
		for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
			try {
				const t = ticks(pid);
				if (t.ppid === String(server.pid)) total += t.cpu;
			} catch {
				/* gone meanwhile */
			}
		}
		return (total * 1000) / 100;
	} catch {
		return null;
	}
}
async function stop() {
	// A throw-away server on a throw-away database: no graceful shutdown to wait for, unless node was given
	// options (--cpu-prof writes its profile on a normal exit).
	if (process.env.BENCH_NODE_ARGS && server.exitCode === null) {
		const exited = new Promise((r) => server.once('exit', r));
		server.kill('SIGTERM');
		await exited;
	}
	server.kill('SIGKILL');
	fs.rmSync(dataDir, { recursive: true, force: true });
	await scratch?.drop();
}

async function createScratchDatabase(url: string) {
	const { default: postgres } = await import('postgres');
	const name = `lb_bench_pages_${Date.now()}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const u = new URL(url);
	u.pathname = '/' + name;
	return {
		url: u.toString(),
		async drop() {
			await new Promise((r) => setTimeout(r, 200));
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

await new Promise<void>((resolve, reject) => {
	// A cluster is ready when every worker listens.
	let listening = 0;
	const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
	server.stdout!.on('data', (chunk: Buffer) => {
		listening += chunk.toString().split('Listening on').length - 1;
		if (listening >= workers) resolve();
	});
	server.once('exit', (code) => reject(new Error(`server exited (${code})`)));
});

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
function request(method: string, url: string, headers: Record<string, string> = {}, body?: string) {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
		const req = http.request(BASE + url, { method, agent, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		if (body) req.write(body);
		req.end();
	});
}

// Log in as the demo learner and enrol, as a person would (plain form posts from our own origin).
const form = { 'content-type': 'application/x-www-form-urlencoded', origin: BASE };
const login = await request('POST', '/login', form, 'email=lernende%40lernbruecke.example&password=Demo-Lernen-2026');
const cookie = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
if (!cookie.includes('lb_session')) throw new Error(`login failed (${login.status})`);
await request('POST', '/courses/interkulturelle-kompetenz-grundlagen?/enrol', { ...form, cookie }, '');
const first = await request('GET', LESSON, { cookie });
if (first.status !== 200) throw new Error(`lesson page answered ${first.status}`);

const cpuPerRequest = new Map<number[], number>();
async function load(ms: number, rotate = false, only?: string): Promise<number[]> {
	const latencies: number[] = [];
	const cpu0 = serverCpuMs();
	const until = performance.now() + ms;
	let errors = 0;
	let n = 0;
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			while (performance.now() < until) {
				const url = only ?? (rotate ? ROTATE[n++ % ROTATE.length]! : LESSON);
				const t0 = performance.now();
				const r = await request('GET', url, { cookie, 'accept-encoding': 'identity' });
				if (r.status !== 200) errors++;
				latencies.push(performance.now() - t0);
			}
		})
	);
	if (errors) console.log(`  ${errors} responses were not 200`);
	const cpu1 = serverCpuMs();
	if (cpu0 !== null && cpu1 !== null && latencies.length) cpuPerRequest.set(latencies, (cpu1 - cpu0) / latencies.length);
	return latencies;
}

await load(WARMUP_MS);
const latencies = (await load(DURATION_MS)).sort((a, b) => a - b);
const moving = (await load(DURATION_MS, true)).sort((a, b) => a - b);
// The same learner on the reference pages: the ceilings on this machine in this run, so the lesson page's
// figure can be read as a ratio rather than against a guess.
const references: number[][] = [];
for (const r of REFERENCES) references.push((await load(DURATION_MS, false, r.path)).sort((a, b) => a - b));
const ceiling = references[references.length - 1]!;
const pctOf = (list: number[], p: number) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))]!;
const pct = (p: number) => pctOf(latencies, p);

// The JavaScript the lesson page loads, as a browser loads it (entry, route nodes and every chunk they import),
// each file gzip-compressed as adapter-node's precompressed .gz would be served.
const { chromium } = await import('@playwright/test');
const { chromiumLaunchOptions } = await import('../tests/browser');
const browser = await chromium.launch(await chromiumLaunchOptions());
const context = await browser.newContext();
await context.addCookies([{ name: 'lb_session', value: cookie.split('lb_session=')[1]!.split(';')[0]!, url: BASE }]);
const page = await context.newPage();
const scripts = new Map<string, Buffer>();
page.on('response', async (res) => {
	if (res.request().resourceType() === 'script') scripts.set(res.url(), await res.body());
});
await page.goto(BASE + LESSON, { waitUntil: 'networkidle' });
await browser.close();
let raw = 0;
let gz = 0;
for (const bytes of scripts.values()) {
	raw += bytes.length;
	gz += gzipSync(bytes, { level: 9 }).length;
}

console.log(`Lesson page ${LESSON} (${SERVER_DIR}/)`);
console.log(`  production build, ${scratch ? 'PostgreSQL' : 'PGlite'}${process.env.WEB_CONCURRENCY ? `, WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY}` : ''}${process.env.SESSION_CACHE === 'off' ? ', SESSION_CACHE=off' : ''}, logged-in learner, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up, Node ${process.version}, ${os.cpus().length} cores`);
const cpu = (list: number[]) => (cpuPerRequest.has(list) ? ` · server CPU ${cpuPerRequest.get(list)!.toFixed(2)} ms/request` : '');
console.log(`  requests: ${latencies.length} (${Math.round(latencies.length / (DURATION_MS / 1000))} req/s)${cpu(latencies)}`);
console.log(`  latency p50 ${pct(50).toFixed(1)} ms · p95 ${pct(95).toFixed(1)} ms · p99 ${pct(99).toFixed(1)} ms · max ${latencies[latencies.length - 1]!.toFixed(1)} ms (target p95 < 30 ms)`);
console.log(`  moving between lessons (a write per request): ${moving.length} requests, p50 ${pctOf(moving, 50).toFixed(1)} ms · p95 ${pctOf(moving, 95).toFixed(1)} ms · p99 ${pctOf(moving, 99).toFixed(1)} ms${cpu(moving)}`);
const rps = (list: number[]) => list.length / (DURATION_MS / 1000);
REFERENCES.forEach((r, i) => {
	const list = references[i]!;
	console.log(`  reference ${r.path} (${r.what}): ${Math.round(rps(list))} req/s, p50 ${pctOf(list, 50).toFixed(1)} ms · p95 ${pctOf(list, 95).toFixed(1)} ms${cpu(list)}`);
});
console.log(`  lesson page throughput / the page without queries: ${(rps(latencies) / rps(ceiling)).toFixed(2)}; at ${CONNECTIONS} connections the mean latency is ${CONNECTIONS} / throughput, so p95 < 30 ms needs > ${Math.round((CONNECTIONS * 1000) / 30)} req/s`);
console.log(`  load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`  JavaScript: ${scripts.size} files, ${(raw / 1024).toFixed(1)} kB, ${(gz / 1024).toFixed(1)} kB gzip (target < 60 kB gzip)`);
agent.destroy();
await stop();
process.exit(0);
