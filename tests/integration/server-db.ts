import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/lib/server/db/client';
import { withDatabase } from '../setup/global-db';

export interface ServerDatabase {
	/** DATABASE_URL or PGLITE_DIR for a server process. */
	env: Record<string, string>;
	/** A connection from the test itself (open it only while no server holds a PGlite directory). */
	open: () => Promise<Database>;
}

/**
 * Databases that production server processes migrate themselves, on the driver of this Vitest project: a
 * PGlite directory, or a scratch database on TEST_DATABASE_URL's server. `cleanup` (after the servers are
 * stopped) drops them all. `cleanups` runs other teardown first, newest first.
 */
export function serverDatabases(prefix: string) {
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lb-${prefix}-`));
	const cleanups: Array<() => Promise<void>> = [];
	return {
		cleanups,
		async create(label: string): Promise<ServerDatabase> {
			if (inject('dbDriver') === 'pglite') {
				const dataDir = path.join(scratch, label);
				return { env: { PGLITE_DIR: dataDir }, open: () => openDatabase({ driver: 'pglite', dataDir }) };
			}
			const base = process.env.TEST_DATABASE_URL!;
			const name = `lb_${prefix}_${label}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`.replace(/[^a-z0-9_]/g, '_');
			const admin = postgres(base, { max: 1, onnotice: () => {} });
			await admin.unsafe(`create database ${name}`);
			await admin.end();
			const url = withDatabase(base, name);
			cleanups.push(async () => {
				const a = postgres(base, { max: 1, onnotice: () => {} });
				await a.unsafe(`drop database if exists ${name} with (force)`);
				await a.end();
			});
			return { env: { DATABASE_URL: url }, open: () => openDatabase({ driver: 'postgres', url, maxConnections: 2 }) };
		},
		async cleanup() {
			for (const c of cleanups.reverse()) await c().catch(() => {});
			fs.rmSync(scratch, { recursive: true, force: true });
		}
	};
}
