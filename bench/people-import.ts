// `npm run bench`: how long the CSV import of people takes for 10,000 rows, on an in-memory PGlite database.
// Prints figures; asserts nothing (timings never go into tests).
import { openDatabase } from '../src/lib/server/db/client';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { useDatabase } from '../src/lib/server/db';
import { createOrganisation } from '../src/lib/server/orgs';
import { createUnit } from '../src/lib/server/orgs/units';
import { createUser } from '../src/lib/server/users';
import { previewPeopleImport, runPeopleImport } from '../src/lib/server/orgs/people-import';
import { decodeText } from '../src/lib/server/csv/read';

process.env.LOG_LEVEL ??= 'warn';
const ROWS = Number(process.env.ROWS ?? 10_000);

const database = await openDatabase({ driver: 'pglite' });
await migrateDatabase(database.db, { driver: 'pglite' });
useDatabase(database);
const db = database.db;
const org = await createOrganisation(db, { name: 'Bench GmbH', type: 'unternehmen', regionAgs: '03453' }, null);
const manager = await createUser(db, { email: 'chef@bench.example', name: 'Chefin', organisationId: org.id, roles: [{ role: 'org_manager', organisationId: org.id }] }, null);
const units = ['Werkstatt', 'Büro', 'Lager', 'Vertrieb'];
for (const u of units) await createUnit(db, org.id, u, manager.id);
// 1 % of the rows are people who already have an account.
for (let i = 0; i < ROWS / 100; i++) await createUser(db, { email: `person${i * 100}@bench.example`, name: `P ${i}`, roles: [] }, null);

const lines = ['Name;E-Mail;Abteilung'];
for (let i = 0; i < ROWS; i++) lines.push(`Person Nummer ${i};person${i}@bench.example;${units[i % units.length]}`);
// Windows-1252 bytes (umlauts in "Büro"), as Excel writes them: the decoder has to detect it.
const bytes = new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1'));

const time = async <T>(label: string, f: () => Promise<T>) => {
	const t0 = performance.now();
	const r = await f();
	console.log(`${label.padEnd(38)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
	return r;
};
console.log(`CSV import of ${ROWS} rows (${(bytes.length / 1024).toFixed(0)} KiB, Windows-1252), PGlite in memory, Node ${process.version}`);
const { text } = await time('decode', async () => decodeText(bytes));
const preview = await time('preview (parse + check against db)', () => previewPeopleImport(db, org.id, text));
console.log(`  problems: ${preview.problems.length}, summary: ${JSON.stringify(preview.summary)}`);
const result = await time('import (invitations + mails, one tx)', () =>
	db.transaction((tx) => runPeopleImport(tx, org.id, text, { actorId: manager.id, locale: 'de', origin: 'http://localhost:3000' }))
);
console.log(`  ok: ${result.ok}`);
await database.close();
