import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';

/** Starts the production build and collects what it prints until it exits (or 60 s pass). */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['build/index.js'], { env: { ...process.env, ...env }, stdio: 'pipe' });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

// Ports next to the suite's own, so parallel runs on other E2E_PORTs never collide.
const BASE = Number(process.env.E2E_PORT ?? 4173) + 100;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lb-start-'));

test('a locked embedded database gives a clear start-up message, no stack trace', async () => {
	const dir = path.join(tmp(), 'pglite');
	fs.mkdirSync(dir);
	fs.writeFileSync(`${dir}.lock`, String(process.pid)); // this test process is alive and "holds" it
	const { code, output } = await runServer({ PORT: String(BASE), PGLITE_DIR: dir });
	expect(code).toBe(1);
	expect(output).toContain(`The embedded database at ${dir} is in use by another process (pid ${process.pid})`);
	expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
});

test('a damaged embedded database names the directory and what to do', async () => {
	const dir = path.join(tmp(), 'pglite');
	fs.mkdirSync(dir);
	fs.writeFileSync(path.join(dir, 'PG_VERSION'), 'garbage\n');
	const { code, output } = await runServer({ PORT: String(BASE + 1), PGLITE_DIR: dir });
	expect(code).toBe(1);
	expect(output).toContain(`Could not open the embedded database at ${dir}`);
	expect(output).toContain(`mv ${dir} ${dir}.broken`);
	expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
});
