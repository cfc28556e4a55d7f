// `npm run admin:create -- --email a@b.de --name "Ada Admin"`: creates the first (or another) admin.
// The password is read from ADMIN_PASSWORD or asked for on the terminal, never taken from the command line
// (it would end up in the shell history and the process list).
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { startDatabase, stopDatabase, getDb } from '../src/lib/server/db';
import { createUser, EmailTakenError } from '../src/lib/server/users';

const { values } = parseArgs({
	options: { email: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string', default: 'de' } }
});

const input = z
	.object({
		email: z.email('--email must be an e-mail address'),
		name: z.string().trim().min(1, '--name is required'),
		locale: z.enum(['de', 'en'])
	})
	.safeParse(values);
if (!input.success) {
	console.error(input.error.issues.map((i) => i.message).join('\n'));
	console.error('Usage: npm run admin:create -- --email admin@example.org --name "Ada Admin" [--locale de|en]');
	process.exit(2);
}

async function readPassword(): Promise<string> {
	if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	const pw = await rl.question('Password (at least 10 characters): ');
	rl.close();
	return pw;
}

const password = await readPassword();
if (password.length < 10) {
	console.error('The password must be at least 10 characters long.');
	process.exit(2);
}

try {
	await startDatabase();
	const db = getDb();
	const user = await db.transaction((tx) =>
		createUser(tx, { ...input.data, password, roles: [{ role: 'admin', organisationId: null }] }, null)
	);
	console.log(`Admin ${user.email} created. Log in at /login.`);
} catch (err) {
	if (err instanceof EmailTakenError) console.error(`An account for ${input.data.email} exists already.`);
	else console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	await stopDatabase();
}
