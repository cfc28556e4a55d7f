import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { queryRows } from '../db';

export interface Health {
	status: 'ok' | 'degraded' | 'down';
	database: 'ok' | 'unreachable';
	migrations: { applied: number; expected: number; current: boolean } | null;
	/** Mails due for sending that are still waiting, and how long the oldest has waited (seconds). */
	outbox: Lag | null;
	/** The same for statements waiting to be forwarded to external LRSs (dead letters do not count). */
	forwarding: Lag | null;
}

interface Lag {
	due: number;
	oldestDueSeconds: number;
}

/** The migrations the code ships with: drizzle-kit's journal lists them in order with their creation time. */
async function expectedMigrations(dir: string): Promise<{ count: number; lastWhen: number }> {
	const journal = JSON.parse(await fs.readFile(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
		entries: { when: number }[];
	};
	return { count: journal.entries.length, lastWhen: Math.max(0, ...journal.entries.map((e) => e.when)) };
}

/** An outbox older than this (seconds) means a worker is stuck or its receiver refuses: "degraded", still serving. */
export const OUTBOX_LAG_DEGRADED = 15 * 60;

/**
 * What a load balancer or monitoring needs to know, and nothing more (no versions, hosts or settings):
 * database reachable, schema at the version this code expects, mail and forwarding workers keeping up.
 * `down` (503) only when the database is unreachable or the schema is behind — the two cases in which
 * this process cannot serve correctly.
 */
export async function checkHealth(
	db: DbOrTx,
	migrationsDir = path.resolve(process.env.MIGRATIONS_DIR ?? './drizzle'),
	now = new Date()
): Promise<Health> {
	try {
		await queryRows(db, sql`select 1 as ok`);
	} catch {
		return { status: 'down', database: 'unreachable', migrations: null, outbox: null, forwarding: null };
	}
	const expected = await expectedMigrations(migrationsDir);
	const [applied] = await queryRows<{ n: number | string; last: number | string | null }>(
		db,
		sql`select count(*) as n, max(created_at) as last from drizzle.__drizzle_migrations`
	);
	const appliedCount = Number(applied?.n ?? 0);
	const current = appliedCount >= expected.count && Number(applied?.last ?? 0) >= expected.lastWhen;
	const outbox = await lagOf(db, sql`mail_outbox`, now);
	// A paused target's queue waits on purpose; it is not a stuck worker.
	const forwarding = await lagOf(db, sql`xapi_forward_outbox`, now, sql`and target_id in (select id from xapi_forward_targets where disabled_at is null)`);
	const oldest = Math.max(outbox.oldestDueSeconds, forwarding.oldestDueSeconds);
	return {
		status: !current ? 'down' : oldest > OUTBOX_LAG_DEGRADED ? 'degraded' : 'ok',
		database: 'ok',
		migrations: { applied: appliedCount, expected: expected.count, current },
		outbox,
		forwarding
	};
}

/** Rows of an outbox (both share status/next_attempt_at) that are due and still waiting. */
async function lagOf(db: DbOrTx, table: SQL, now: Date, only: SQL = sql``): Promise<Lag> {
	const [row] = await queryRows<{ n: number | string; oldest: string | Date | null }>(
		db,
		sql`select count(*) as n, min(next_attempt_at) as oldest from ${table}
		    where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz ${only}`
	);
	const oldest = row?.oldest ? Math.max(0, Math.round((now.getTime() - new Date(row.oldest).getTime()) / 1000)) : 0;
	return { due: Number(row?.n ?? 0), oldestDueSeconds: oldest };
}
