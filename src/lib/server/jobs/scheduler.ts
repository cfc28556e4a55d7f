import type { Db } from '../db';
import { log, errorFields } from '../log';

/** A periodic task. It must be safe to run again at any time, by this process or another one. */
export interface Job {
	name: string;
	run(db: Db, now: Date): Promise<unknown>;
}

export interface SchedulerOptions {
	db: () => Db;
	jobs: Job[];
	/** Pause between runs. */
	intervalMs: number;
	/** Pause before the first run, so a start does not compete with course import and first requests. */
	firstDelayMs?: number;
	now?: () => Date;
}

export interface Scheduler {
	/** Runs every job once now (after a run in flight); resolves with the jobs that failed. */
	runOnce(): Promise<string[]>;
	/** Stops the timer and waits for a run in flight, so the database can be closed after it. */
	stop(): Promise<void>;
}

/**
 * The server process's clock for reminders and automatic erasure, built like the mail worker: a timer that
 * never overlaps itself and is unref'd (it never keeps a process alive). Idempotence lives in the jobs
 * (claimed keys, conditional updates), not here, so two server processes on one database may both run it.
 * A failing job is logged and does not stop the others or later runs.
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
	const now = opts.now ?? (() => new Date());
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	let running: Promise<string[]> | undefined;

	async function runAll(): Promise<string[]> {
		const failed: string[] = [];
		for (const job of opts.jobs) {
			if (stopped) break;
			try {
				await job.run(opts.db(), now());
			} catch (err) {
				failed.push(job.name);
				log.error('scheduled job failed', { job: job.name, ...errorFields(err) });
			}
		}
		return failed;
	}

	function schedule(delay: number) {
		if (stopped) return;
		timer = setTimeout(async () => {
			const next = runAll();
			running = next;
			await next;
			if (running === next) running = undefined;
			schedule(opts.intervalMs);
		}, delay);
		timer.unref?.();
	}
	schedule(opts.firstDelayMs ?? opts.intervalMs);

	return {
		runOnce() {
			// Set synchronously, so a stop() right after this call waits for it too.
			const previous = running;
			const next = (async () => {
				await previous;
				return runAll();
			})();
			running = next;
			return next.finally(() => {
				if (running === next) running = undefined;
			});
		},
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await running;
		}
	};
}
