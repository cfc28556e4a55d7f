import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { backup, restore } from './backup';

// The backup and restore scripts of docs/operations.md, run for real on the driver of this project:
// a row written before the backup is there after the restore, a row written after it is gone.
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lb-backup-'));

describe('backup and restore', () => {
	it('brings the database back to the state of the backup', { timeout: 120_000 }, async () => {
		if (inject('dbDriver') === 'pglite') {
			const dir = path.join(tmp(), 'pglite');
			let db = await openDatabase({ driver: 'pglite', dataDir: dir });
			await migrateDatabase(db.db, { driver: 'pglite', dataDir: dir });
			await db.db.execute(sql.raw(`insert into settings (key, value) values ('backup_probe', '"before"')`));
			await db.close();
			const file = path.join(tmp(), 'b.pglite.tar.gz');
			await backup({ driver: 'pglite', dataDir: dir }, file);

			db = await openDatabase({ driver: 'pglite', dataDir: dir });
			await db.db.execute(sql.raw(`update settings set value = '"after"' where key = 'backup_probe'`));
			await db.close();

			const { keptAside } = await restore({ driver: 'pglite', dataDir: dir }, file);
			expect(keptAside && fs.existsSync(keptAside)).toBeTruthy();
			db = await openDatabase({ driver: 'pglite', dataDir: dir });
			const rows = (await db.db.execute(sql.raw(`select value from settings where key = 'backup_probe'`))) as unknown as { rows: { value: string }[] };
			await db.close();
			expect(rows.rows[0]?.value).toBe('before');
			return;
		}
		const base = process.env.TEST_DATABASE_URL!;
		const name = `lb_backup_${Date.now()}`;
		const admin = postgres(base, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		const url = Object.assign(new URL(base), { pathname: '/' + name }).toString();
		try {
			let db = await openDatabase({ driver: 'postgres', url, maxConnections: 1 });
			await migrateDatabase(db.db, { driver: 'postgres', url });
			const client = postgres(url, { max: 1, onnotice: () => {} });
			await client`insert into settings (key, value) values ('backup_probe', '"before"')`;
			const file = path.join(tmp(), 'b.dump');
			await backup({ driver: 'postgres', url }, file);
			await client`update settings set value = '"after"' where key = 'backup_probe'`;
			await client`insert into settings (key, value) values ('later', 'true')`;
			await restore({ driver: 'postgres', url }, file);
			const rows = await client`select key, value from settings where key in ('backup_probe', 'later')`;
			expect(rows.map((r) => [r.key, r.value])).toEqual([['backup_probe', 'before']]);
			await client.end();
			await db.close();
			db = undefined as never;
		} finally {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	});
});
