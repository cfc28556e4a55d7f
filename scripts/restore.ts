// `npm run restore -- <file>`: replaces the configured database with a backup made by `npm run backup`.
// Stop the app first. PostgreSQL: pg_restore --clean in one transaction. PGlite: the current directory is
// kept beside the new one. Start the app afterwards: newer migrations are applied on start.
import path from 'node:path';
import { config } from '../src/lib/server/config';
import { restore, type Target } from '../src/lib/server/ops/backup';

const file = process.argv[2];
if (!file) {
	console.error('Usage: npm run restore -- <backup file>');
	process.exit(2);
}
const c = config();
const target: Target = c.DATABASE_URL ? { driver: 'postgres', url: c.DATABASE_URL } : { driver: 'pglite', dataDir: path.resolve(c.PGLITE_DIR) };
try {
	const { keptAside } = await restore(target, file);
	console.log(`Restored ${file} into ${target.driver === 'postgres' ? 'the PostgreSQL database' : target.dataDir}.`);
	if (keptAside) console.log(`The previous database directory is kept at ${keptAside}; delete it once the restore is checked.`);
} catch (err) {
	console.error(`Restore failed: ${err instanceof Error ? err.message : String(err)}`);
	process.exitCode = 1;
}
