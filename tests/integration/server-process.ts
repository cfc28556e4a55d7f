import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The production build (`build/`) as a child process, for tests that must kill and restart a real server. */
export interface Server {
	url: string;
	exited: Promise<number | null>;
	kill(signal: NodeJS.Signals): void;
	/** SIGTERM and wait: the graceful shutdown path. */
	stop(): Promise<void>;
	output(): string;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
	// The server must use exactly the database given, never one inherited from the test run.
	const { DATABASE_URL: _u, PGLITE_DIR: _d, TEST_DATABASE_URL: _t, ...rest } = process.env;
	return { ...rest, NODE_ENV: 'production', LOG_LEVEL: 'warn', BODY_SIZE_LIMIT: '64M', ...env };
}

export async function startServer(root: string, env: Record<string, string>): Promise<Server> {
	const entry = path.join(root, 'build', 'index.js');
	if (!fs.existsSync(entry)) throw new Error('No production build: run `npm run build` (npm test builds first).');
	const child = spawn(process.execPath, [entry], { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const url = env.ORIGIN!;
	const server: Server = {
		url,
		exited,
		kill: (signal) => child.kill(signal),
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			await exited;
		},
		output: () => output
	};
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
		try {
			// The first request waits for start-up (migrations, demo data, course import) to finish.
			const r = await fetch(`${url}/healthz`);
			if (r.ok) return server;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server did not become healthy:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** `npm run xapi:client` on the server's database before the server holds it. */
export async function createLrsClient(root: string, env: Record<string, string>): Promise<{ key: string; secret: string }> {
	const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/xapi-client.ts', '--name', 'resilience', '--scopes', 'all'], {
		cwd: root,
		env: childEnv(env),
		encoding: 'utf8'
	});
	const key = /Key:\s+(\S+)/.exec(r.stdout)?.[1];
	const secret = /Secret:\s+(\S+)/.exec(r.stdout)?.[1];
	if (r.status !== 0 || !key || !secret) throw new Error(`xapi:client failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
	return { key, secret };
}

/** Signs in with the login form and returns the Cookie header for the session. */
export async function login(url: string, email: string, password: string): Promise<string> {
	const r = await fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password }).toString()
	});
	if (r.status !== 303) throw new Error(`login of ${email} answered ${r.status}: ${(await r.text()).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").slice(0, 600)}`);
	return r.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}
