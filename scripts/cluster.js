// Several server processes on one machine (node:cluster), opt-in with WEB_CONCURRENCY=<n> and only on
// PostgreSQL: the embedded database belongs to one process. The workers share the port; what they share
// beyond it is the database (docs/operations.md, "Scaling out"). Plain JavaScript: it runs before anything is
// compiled.
import cluster from 'node:cluster';
import { pathToFileURL } from 'node:url';

/** How many server processes to run: WEB_CONCURRENCY (default 1), and always 1 without DATABASE_URL. */
export function workerCount(env = process.env) {
	const n = Number(env.WEB_CONCURRENCY ?? 1);
	if (!Number.isInteger(n) || n < 1) throw new Error(`WEB_CONCURRENCY must be a whole number ≥ 1, not "${env.WEB_CONCURRENCY}"`);
	if (n > 1 && !env.DATABASE_URL) {
		console.warn('WEB_CONCURRENCY is ignored without DATABASE_URL: the embedded database admits one process.');
		return 1;
	}
	return n;
}

/**
 * Serves the adapter-node build at `entry`: in this process, or with n > 1 in n worker processes. The first
 * worker starts alone (migrations, course import and demo data happen once, before the others boot). A
 * worker that dies is replaced; SIGTERM/SIGINT is passed on to every worker, each finishes its requests in
 * flight and its background work (see boot/index.ts), and the primary exits when they have.
 */
export async function serve(entry, n = workerCount()) {
	if (n <= 1 || !cluster.isPrimary) {
		await import(pathToFileURL(entry).href);
		return;
	}
	let stopping = false;
	let failed = false;
	let started = false;
	const first = cluster.fork();
	first.once('listening', () => {
		started = true;
		for (let i = 1; i < n; i++) cluster.fork();
	});
	cluster.on('exit', (worker, code, signal) => {
		if (stopping) {
			if (code !== 0) failed = true;
			if (!Object.keys(cluster.workers ?? {}).length) process.exit(failed ? 1 : 0);
			return;
		}
		// A server that cannot start (bad configuration, database unreachable) has said why; no restart loop.
		if (!started) process.exit(code || 1);
		console.error(`server worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
		setTimeout(() => cluster.fork(), 1000).unref();
	});
	for (const sig of ['SIGTERM', 'SIGINT']) {
		process.on(sig, () => {
			if (stopping) return;
			stopping = true;
			const workers = Object.values(cluster.workers ?? {});
			if (!workers.length) process.exit(0);
			for (const w of workers) w?.process.kill('SIGTERM');
		});
	}
}
