// `npm run backup [file]`: a full backup of the configured database (DATABASE_URL → pg_dump custom format;
// otherwise the embedded PGlite directory, which needs the server stopped). Default file:
// backups/lernbruecke-<UTC time>.dump|.pglite.tar.gz. See docs/operations.md.
import path from 'node:path';
import { config } from '../src/lib/server/config';
import { backup, defaultBackupFile, type Target } from '../src/lib/server/ops/backup';

const c = config();
const target: Target = c.DATABASE_URL ? { driver: 'postgres', url: c.DATABASE_URL } : { driver: 'pglite', dataDir: path.resolve(c.PGLITE_DIR) };
const file = process.argv[2] ?? defaultBackupFile(target);
try {
	await backup(target, file);
	console.log(`Backup written to ${file}`);
} catch (err) {
	console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
	process.exitCode = 1;
}
