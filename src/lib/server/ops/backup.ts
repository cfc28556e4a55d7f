import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { lockDataDir } from '../db/lock';

/**
 * Backups of the whole database, for `npm run backup` / `npm run restore` (docs/operations.md).
 *
 * PostgreSQL: pg_dump's custom format (compressed, restorable table by table with pg_restore), taken from a
 * running system — pg_dump reads one consistent snapshot. PGlite: PGlite's own data-directory dump
 * (a tar.gz); the embedded database admits one process, so the server must be stopped (the data-dir lock
 * says so if it is not).
 */
export type Target = { driver: 'postgres'; url: string } | { driver: 'pglite'; dataDir: string };

function run(cmd: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${stderr.trim()}`))));
	});
}

export async function backup(target: Target, file: string): Promise<void> {
	fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	if (target.driver === 'postgres') {
		await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${target.url}`]);
		return;
	}
	const release = lockDataDir(target.dataDir);
	try {
		const { PGlite } = await import('@electric-sql/pglite');
		const db = await PGlite.create({ dataDir: target.dataDir });
		const dump = await db.dumpDataDir('gzip');
		await db.close();
		fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	} finally {
		release();
	}
}

/**
 * Restores over the target. PostgreSQL: objects in the dump are dropped and recreated (`--clean`), so the
 * database afterwards holds exactly the backup. PGlite: the current directory is kept beside it as
 * `<dir>.before-restore-<time>` and a new one is made from the dump.
 */
export async function restore(target: Target, file: string, now = new Date()): Promise<{ keptAside?: string }> {
	if (!fs.existsSync(file)) throw new Error(`no backup file at ${file}`);
	if (target.driver === 'postgres') {
		await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${target.url}`, file]);
		return {};
	}
	const dir = path.resolve(target.dataDir);
	let keptAside: string | undefined;
	// Refuses while a server uses the directory; held until the new directory is complete.
	const release = lockDataDir(dir);
	try {
		if (fs.readdirSync(dir).length) {
			keptAside = `${dir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
			fs.renameSync(dir, keptAside);
			fs.mkdirSync(dir, { recursive: true });
		}
		const { PGlite } = await import('@electric-sql/pglite');
		const db = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([fs.readFileSync(file)]) });
		await db.query('select 1');
		await db.close();
	} finally {
		release();
	}
	return { keptAside };
}

export function defaultBackupFile(target: Target, now = new Date(), dir = 'backups'): string {
	const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
	return path.join(dir, `lernbruecke-${stamp}.${target.driver === 'postgres' ? 'dump' : 'pglite.tar.gz'}`);
}
