import type { Db } from '../db';
import { log, errorFields } from '../log';
import { startLoop } from './loop';

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
 * The server process's clock for reminders and automatic erasure (a loop, see loop.ts). A failing job is
 * logged and does not stop the others or later runs.
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
	const now = opts.now ?? (() => new Date());
	return startLoop<string[]>({
		name: 'scheduler',
		intervalMs: opts.intervalMs,
		firstDelayMs: opts.firstDelayMs,
		failed: [],
		async run(stopped) {
			const failed: string[] = [];
			for (const job of opts.jobs) {
				if (stopped()) break;
				try {
					await job.run(opts.db(), now());
				} catch (err) {
					failed.push(job.name);
					log.error('scheduled job failed', { job: job.name, ...errorFields(err) });
				}
			}
			return failed;
		}
	});
}
