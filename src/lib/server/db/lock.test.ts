import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock';

describe('PGlite directory lock', () => {
	const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lb-lock-'));

	it('refuses a directory held by another live process and names it', () => {
		const d = path.join(dir(), 'pglite');
		fs.mkdirSync(d);
		fs.writeFileSync(`${d}.lock`, String(process.ppid));
		expect(() => lockDataDir(d)).toThrow(DataDirLockedError);
		expect(() => lockDataDir(d)).toThrow(`database directory ${d} is in use by process ${process.ppid}`);
	});

	it('takes over a stale lock of a dead process and releases it', () => {
		const d = path.join(dir(), 'pglite');
		fs.mkdirSync(d);
		fs.writeFileSync(`${d}.lock`, '999999999');
		const release = lockDataDir(d);
		expect(fs.readFileSync(`${d}.lock`, 'utf8')).toBe(String(process.pid));
		release();
		expect(fs.existsSync(`${d}.lock`)).toBe(false);
	});
});
