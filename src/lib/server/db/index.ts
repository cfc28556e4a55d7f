import path from 'node:path';
import { config, type AppConfig } from '../config';
import { openDatabase, type Database, type DatabaseOptions, type Db } from './client';
import { lockDataDir, DataDirLockedError } from './lock';
import { migrateDatabase } from './migrate';

export type { Db, Tx, DbOrTx, Database } from './client';
export { queryRows, queryRowsPrepared } from './sql';

let current: (Database & { release?: () => void }) | undefined;

export function databaseOptions(c: AppConfig = config()): DatabaseOptions {
	return c.DATABASE_URL
		? { driver: 'postgres', url: c.DATABASE_URL }
		: { driver: 'pglite', dataDir: path.resolve(c.PGLITE_DIR) };
}

/** Opens the configured database once per process and brings its schema up to date. */
export async function startDatabase(c: AppConfig = config()): Promise<Database> {
	if (current) return current;
	const options = databaseOptions(c);
	let release: (() => void) | undefined;
	try {
		if (options.driver === 'pglite') release = lockDataDir(options.dataDir!);
		const database = await openDatabase(options);
		await migrateDatabase(database.db, options);
		current = { ...database, release };
		return current;
	} catch (err) {
		release?.();
		throw new DatabaseStartError(options, err);
	}
}

export function getDb(): Db {
	if (!current) throw new Error('database not started: call startDatabase() first');
	return current.db;
}

/** For tests and scripts that bring their own database (e.g. one per test file). */
export function useDatabase(database: Database): void {
	current = database;
}

export async function stopDatabase(): Promise<void> {
	const db = current;
	current = undefined;
	if (!db) return;
	await db.close();
	db.release?.();
}

/** A start-up failure explained for the operator: which database, what went wrong, what to do. */
export class DatabaseStartError extends Error {
	constructor(
		readonly options: DatabaseOptions,
		readonly cause: unknown
	) {
		super(describeStartError(options, cause));
	}
}

function describeStartError(options: DatabaseOptions, cause: unknown): string {
	const reason = cause instanceof Error ? cause.message : String(cause);
	if (cause instanceof DataDirLockedError) {
		return [
			`The embedded database at ${cause.dir} is in use by another process (pid ${cause.pid}).`,
			'Stop that process (another `npm start`, or a script such as `npm run seed`) and try again,',
			'or point PGLITE_DIR at a different directory.'
		].join('\n');
	}
	if (options.driver === 'pglite') {
		return [
			`Could not open the embedded database at ${options.dataDir}: ${reason}`,
			'The directory may be damaged (for example after a disk-full or an interrupted first start).',
			`Move it aside (mv ${options.dataDir} ${options.dataDir}.broken) and start again: a fresh database is`,
			'created and migrated, and demo data is seeded again. Keep the old directory if it holds data you need.'
		].join('\n');
	}
	return [
		`Could not open or migrate the PostgreSQL database ${options.url.replace(/:[^:@/]*@/, ':***@')}: ${reason}`,
		'Check that the server is running, DATABASE_URL is right and the user may create tables.'
	].join('\n');
}
