import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { startScheduler } from './scheduler';

const db = {} as Db;

describe('scheduler', () => {
	it('runs every job with the injected clock, goes on after a failing one, and stops cleanly', async () => {
		const seen: string[] = [];
		const clock = new Date('2026-12-03T11:00:00Z');
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let started!: () => void;
		const slowStarted = new Promise<void>((r) => (started = r));
		const scheduler = startScheduler({
			db: () => db,
			intervalMs: 3_600_000,
			now: () => clock,
			jobs: [
				{ name: 'broken', run: async () => Promise.reject(new Error('boom')) },
				{
					name: 'slow',
					run: async (_db, now) => {
						seen.push(now.toISOString());
						started();
						await gate;
					}
				}
			]
		});
		const run = scheduler.runOnce();
		await slowStarted;
		let stopped = false;
		const stopping = scheduler.stop().then(() => (stopped = true));
		await Promise.resolve();
		expect(stopped).toBe(false); // stop waits for the job in flight
		release();
		expect(await run).toEqual(['broken']);
		await stopping;
		expect(seen).toEqual(['2026-12-03T11:00:00.000Z']);
		expect(await scheduler.runOnce()).toEqual([]); // a stopped scheduler starts nothing
		expect(seen).toHaveLength(1);
	});
});
