import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is an embedded database: two processes opening the same directory would corrupt it, and PGlite
 * itself does not stop them. A pid file does.
 */
export class DataDirLockedError extends Error {
	constructor(
		readonly dir: string,
		readonly pid: number
	) {
		super(`database directory ${dir} is in use by process ${pid}`);
	}
}

export function lockDataDir(dir: string): () => void {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, '..', `${path.basename(dir)}.lock`);
	for (let tries = 0; tries < 2; tries++) {
		try {
			fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				try {
					if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
				} catch {
					/* already gone */
				}
			};
			process.once('exit', release);
			return release;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
			const pid = Number(fs.readFileSync(file, 'utf8'));
			if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dir, pid);
			fs.rmSync(file, { force: true }); // stale lock of a process that died
		}
	}
	throw new DataDirLockedError(dir, 0);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}
