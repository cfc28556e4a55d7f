import fs from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { useDatabase, stopDatabase } from '../../src/lib/server/db';

function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = '/' + name;
	return u.toString();
}

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
 * The same database through a handle that counts the queries sent, for tests that pin down how many round
 * trips a page costs (a query per row creeping back in). Both drivers' drizzle log every execution, prepared
 * statements included.
 */
export async function countingDatabase(database: Database): Promise<{ database: Database; count: () => number; reset: () => void }> {
	let n = 0;
	const logger = { logQuery: () => void n++ };
	const schema = await import('../../src/lib/server/db/schema');
	const client = (database.db as unknown as { $client: unknown }).$client;
	const db =
		database.driver === 'postgres'
			? (await import('drizzle-orm/postgres-js')).drizzle(client as never, { schema, casing: 'snake_case', logger })
			: (await import('drizzle-orm/pglite')).drizzle(client as never, { schema, casing: 'snake_case', logger });
	return { database: { ...database, db: db as unknown as Database['db'] }, count: () => n, reset: () => void (n = 0) };
}
