// `npm run bench:pages`: latency of a lesson page for a logged-in learner under 50 concurrent connections,
// against the production build (`node build`) on a fresh embedded database, and the JavaScript (gzip) the
// lesson page loads. Prints figures; asserts nothing (timings never go into tests). Target: p95 < 30 ms,
// JavaScript < 60 kB gzip. Reference lines in the same run show the ceilings on this machine, down to a bare
// SvelteKit app and plain node:http (bench/floor.ts).
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
import { ensureKitFloorBuild, KIT_FLOOR_SERVER, PLAIN_HTTP_SERVER, startNode } from './floor';

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
// And the floor below this app, each its own `node` process on its own port, measured after the app's phases
// while the app's server idles (bench/floor.ts): a bare SvelteKit app (bench/kit-floor: one static page of about
// a lesson page's HTML size, and the same size rendered through a component from a load's data), and node:http
// answering that static page's HTML from memory.
const FLOOR_PORT = Number(process.env.BENCH_FLOOR_PORT ?? PORT + 1);
const FLOOR_BASE = `http://localhost:${FLOOR_PORT}`;
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
ensureKitFloorBuild();
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
function serverCpuMs(parent = String(server.pid)): number | null {
	const ticks = (pid: string) => {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return { ppid: fields[1], cpu: Number(fields[11]) + Number(fields[12]) }; // utime + stime, in clock ticks of 10 ms
	};
	try {
		let total = ticks(parent).cpu;
		for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
			try {
				const t = ticks(pid);
				if (t.ppid === parent) total += t.cpu;
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
function request(method: string, url: string, headers: Record<string, string> = {}, body?: string, base = BASE) {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
		const req = http.request(base + url, { method, agent, headers }, (res) => {
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
async function load(ms: number, rotate = false, only?: string, other?: { base: string; pid: number }): Promise<number[]> {
	const latencies: number[] = [];
	const pid = String(other?.pid ?? server.pid);
	const cpu0 = serverCpuMs(pid);
	const until = performance.now() + ms;
	let errors = 0;
	let n = 0;
	await Promise.all(
		Array.from({ length: CONNECTIONS }, async () => {
			while (performance.now() < until) {
				const url = only ?? (rotate ? ROTATE[n++ % ROTATE.length]! : LESSON);
				const t0 = performance.now();
				const r = await request('GET', url, { cookie, 'accept-encoding': 'identity' }, undefined, other?.base);
				if (r.status !== 200) errors++;
				latencies.push(performance.now() - t0);
			}
		})
	);
	if (errors) console.log(`  ${errors} responses were not 200`);
	const cpu1 = serverCpuMs(pid);
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

// The floor: same load generator, connections, duration and cookie; each server warmed up as the app was.
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const floorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-bench-floor-'));
const floor: { label: string; what: string; list: number[] }[] = [];
async function measureFloor(label: string, what: string, url: string, child: { pid?: number }) {
	await load(WARMUP_MS, false, url, { base: FLOOR_BASE, pid: child.pid! });
	floor.push({ label, what, list: (await load(DURATION_MS, false, url, { base: FLOOR_BASE, pid: child.pid! })).sort((a, b) => a - b) });
}
const kit = await startNode(KIT_FLOOR_SERVER, FLOOR_PORT);
const floorGet = async (url: string) => {
	const r = await request('GET', url, {}, undefined, FLOOR_BASE);
	if (r.status !== 200) throw new Error(`bare SvelteKit ${url} answered ${r.status}`);
	return r.body;
};
const staticHtml = await floorGet('/');
const dataHtml = (await floorGet('/daten')).toString();
const dataScript = Buffer.byteLength(dataHtml) - Buffer.byteLength(dataHtml.replace(/<script>[\s\S]*?<\/script>/g, ''));
await measureFloor('bare SvelteKit /', `an app with one static page, adapter-node, no hooks, no layout, no database; ${kb(staticHtml.length)} HTML, the lesson page ${kb(first.body.length)}`, '/', kit);
await measureFloor('bare SvelteKit /daten', `the same app: a +page.server.ts load's data through a component with {#each}; ${kb(Buffer.byteLength(dataHtml))} HTML, ${kb(dataScript)} of it the hydration script with the data`, '/daten', kit);
await new Promise((r) => { kit.once('exit', r); kit.kill('SIGKILL'); });
fs.writeFileSync(path.join(floorDir, 'page.html'), staticHtml);
const plain = await startNode(PLAIN_HTTP_SERVER, FLOOR_PORT, { FLOOR_HTML: path.join(floorDir, 'page.html') });
await measureFloor('plain node:http', `not SvelteKit: the bare static page's ${kb(staticHtml.length)} HTML from memory, Node's HTTP ceiling`, '/', plain);
await new Promise((r) => { plain.once('exit', r); plain.kill('SIGKILL'); });
fs.rmSync(floorDir, { recursive: true, force: true });
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
for (const f of floor) console.log(`  reference ${f.label} (${f.what}): ${Math.round(rps(f.list))} req/s, p50 ${pctOf(f.list, 50).toFixed(1)} ms · p95 ${pctOf(f.list, 95).toFixed(1)} ms${cpu(f.list)}`);
console.log(`  lesson page throughput / the page without queries: ${(rps(latencies) / rps(ceiling)).toFixed(2)}; at ${CONNECTIONS} connections the mean latency is ${CONNECTIONS} / throughput, so p95 < 30 ms needs > ${Math.round((CONNECTIONS * 1000) / 30)} req/s`);
console.log(`  load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`  JavaScript: ${scripts.size} files, ${(raw / 1024).toFixed(1)} kB, ${(gz / 1024).toFixed(1)} kB gzip (target < 60 kB gzip)`);
agent.destroy();
await stop();
process.exit(0);
