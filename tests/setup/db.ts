import fs from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { useDatabase, stopDatabase } from '../../src/lib/server/db';
import { withDatabase } from './global-db';

/**
 * A database of its own for one test file: a copy of the migrated template, on the driver of the current
 * Vitest project. Tests inside the file share it and create their own rows (unique e-mails etc.).
 */
export async function createTestDatabase(): Promise<Database> {
	if (inject('dbDriver') === 'pglite') {
		const dump = new Blob([fs.readFileSync(inject('pgliteDump'))]);
		return openDatabase({ driver: 'pglite', loadDataDir: dump });
	}
	const url = process.env.TEST_DATABASE_URL!;
	const name = `lb_t_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name} template ${inject('pgTemplate')}`);
	await admin.end();
	const database = await openDatabase({ driver: 'postgres', url: withDatabase(url, name), maxConnections: 5 });
	return {
		...database,
		async close() {
			await database.close();
			const cleanup = postgres(url, { max: 1, onnotice: () => {} });
			await cleanup.unsafe(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}

/** Registers a per-file database as the app's database (what `getDb()` returns) for the file's tests. */
export function useTestDatabase(): () => Database {
	let database: Database | undefined;
	beforeAll(async () => {
		database = await createTestDatabase();
		useDatabase(database);
	});
	afterAll(async () => {
		await stopDatabase();
	});
	return () => {
		if (!database) throw new Error('test database not ready');
		return database;
	};
}

/**
 * Another drizzle handle on the same database (same client): to the app's per-handle state (prepared queries,
 * the session cache) it is another process. With `onQuery`, every query sent through it is reported — both
 * drivers' drizzle log each execution, prepared statements included.
 */
export async function anotherHandle(database: Database, onQuery?: () => void): Promise<Database> {
	const logger = onQuery ? { logQuery: onQuery } : undefined;
	const schema = await import('../../src/lib/server/db/schema');
	const client = (database.db as unknown as { $client: unknown }).$client;
	const db =
		database.driver === 'postgres'
			? (await import('drizzle-orm/postgres-js')).drizzle(client as never, { schema, casing: 'snake_case', logger })
			: (await import('drizzle-orm/pglite')).drizzle(client as never, { schema, casing: 'snake_case', logger });
	return { ...database, db: db as unknown as Database['db'] };
}

/** The same database through a handle that counts the queries sent (a query per row creeping back in). */
export async function countingDatabase(database: Database): Promise<{ database: Database; count: () => number }> {
	let n = 0;
	return { database: await anotherHandle(database, () => void n++), count: () => n };
}
