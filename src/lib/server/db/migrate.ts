import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { DatabaseOptions, Db } from './client';
import { openDatabase } from './client';

/** Any constant; all Lernbrücke processes agree on it so only one applies migrations at a time. */
const MIGRATION_LOCK = 7_240_513;

/**
 * Applies the committed drizzle-kit migrations. On PostgreSQL several app processes may start at once,
 * so a dedicated single connection holds an advisory lock while migrating.
 */
export async function migrateDatabase(
	db: Db,
	options: DatabaseOptions,
	migrationsFolder = path.resolve(process.env.MIGRATIONS_DIR ?? './drizzle')
): Promise<void> {
	if (options.driver === 'pglite') {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migrate(db as any, { migrationsFolder });
		return;
	}
	const single = await openDatabase({ ...options, maxConnections: 1 });
	try {
		await single.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migrate(single.db as any, { migrationsFolder });
		await single.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
	} finally {
		await single.close();
	}
}
