import { log, errorFields } from '../log';

export interface Loop<T> {
	/** Runs the task now, after a run in flight; rejects when the task does. */
	runOnce(): Promise<T>;
	/** Stops the timer and waits for a run in flight, so the database can be closed after it. */
	stop(): Promise<void>;
}

export interface LoopOptions<T> {
	/** For the log line of a failed run. */
	name: string;
	intervalMs: number;
	/** Pause before the first run (default: intervalMs). */
	firstDelayMs?: number;
	/** The task; long tasks check `stopped()` between steps so a shutdown need not wait for all of them. */
	run(stopped: () => boolean): Promise<T>;
	/** What a failed timed run counts as (it is logged, and the next run comes as usual). */
	failed: T;
}

/**
 * A periodic task in the server process (mail outbox, xAPI forwarding, scheduled jobs): a timer that never
 * overlaps itself and is unref'd, so it never keeps a process alive. A failed run is logged and the loop goes
 * on. Idempotence belongs to the tasks (claimed rows, conditional updates), so two processes may run the same
 * loop on one database.
 */
export function startLoop<T>(opts: LoopOptions<T>): Loop<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	let running: Promise<unknown> | undefined;
	const isStopped = () => stopped;

	// `running` is set synchronously, so a stop() right after runOnce() waits for that run too.
	function track<R>(next: Promise<R>): Promise<R> {
		running = next;
		return next.finally(() => {
			if (running === next) running = undefined;
		});
	}

	function schedule(delay: number) {
		if (stopped) return;
		timer = setTimeout(async () => {
			await track(
				opts.run(isStopped).catch((err) => {
					log.error(`${opts.name} run failed`, errorFields(err));
					return opts.failed;
				})
			);
			schedule(opts.intervalMs);
		}, delay);
		timer.unref?.();
	}
	schedule(opts.firstDelayMs ?? opts.intervalMs);

	return {
		runOnce() {
			const previous = running;
			return track(
				(async () => {
					await previous?.catch(() => {});
					return opts.run(isStopped);
				})()
			);
		},
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await running?.catch(() => {});
		}
	};
}
