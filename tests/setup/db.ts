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
