import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { openDatabase } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';

/**
 * Migrates one template database per run, so every test file starts from a copy of it instead of
 * migrating again: a PGlite data-dir dump, or a PostgreSQL template database.
 */
declare module 'vitest' {
	export interface ProvidedContext {
		dbDriver: 'pglite' | 'postgres';
		pgliteDump: string;
		pgTemplate: string;
	}
}

const STALE_MS = 3 * 60 * 60 * 1000;

export default async function setup(project: TestProject) {
	const driver = project.name.endsWith('postgres') ? 'postgres' : 'pglite';
	project.provide('dbDriver', driver);
	if (driver === 'pglite') {
		const database = await openDatabase({ driver: 'pglite' });
		await migrateDatabase(database.db, { driver: 'pglite' });
		// drizzle exposes the client as `$client`
		const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
		const dump = await client.dumpDataDir('none');
		const file = path.join(os.tmpdir(), `lb-pglite-${process.pid}-${Date.now()}.tar`);
		fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
		await database.close();
		project.provide('pgliteDump', file);
		project.provide('pgTemplate', '');
		return () => fs.rmSync(file, { force: true });
	}

	const url = process.env.TEST_DATABASE_URL!;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await dropStale(admin);
	const template = `lb_tmpl_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
	await admin.unsafe(`create database ${template}`);
	const options = { driver: 'postgres' as const, url: withDatabase(url, template) };
	const database = await openDatabase(options);
	await migrateDatabase(database.db, options);
	await database.close();
	project.provide('pgTemplate', template);
	project.provide('pgliteDump', '');
	return async () => {
		await admin.unsafe(`drop database if exists ${template} with (force)`);
		await admin.end();
	};
}

export function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = '/' + name;
	return u.toString();
}

/** Databases left behind by test runs that were killed; names carry their creation time. */
async function dropStale(admin: postgres.Sql) {
	const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname ~ '^lb_(t|tmpl)_[0-9]+_'`;
	for (const { datname } of rows) {
		const created = Number(datname.split('_')[2]);
		if (Date.now() - created > STALE_MS) await admin.unsafe(`drop database if exists ${datname} with (force)`);
	}
}
