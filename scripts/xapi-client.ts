// `npm run xapi:client -- --name "Moodle" --scopes all [--org <organisation id>]`: creates LRS credentials for
// /xapi and prints key and secret once (only a hash of the secret is kept).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startDatabase, stopDatabase, getDb } from '../src/lib/server/db';
import { createClient, LRS_SCOPES } from '../src/lib/server/xapi/clients';

const { values } = parseArgs({ options: { name: { type: 'string' }, scopes: { type: 'string', default: 'all' }, org: { type: 'string' } } });

const input = z
	.object({
		name: z.string().trim().min(1, '--name is required'),
		scopes: z
			.string()
			.transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
			.pipe(z.array(z.enum(LRS_SCOPES, { error: `--scopes takes a comma-separated list of: ${LRS_SCOPES.join(', ')}` })).min(1)),
		org: z.uuid('--org must be an organisation id (UUID)').optional()
	})
	.safeParse(values);
if (!input.success) {
	console.error(input.error.issues.map((i) => i.message).join('\n'));
	console.error(`Usage: npm run xapi:client -- --name NAME [--scopes ${LRS_SCOPES.join(',')}] [--org ORGANISATION_ID]`);
	process.exit(2);
}

try {
	await startDatabase();
	const { client, key, secret } = await getDb().transaction((tx) =>
		createClient(tx, { name: input.data.name, scopes: input.data.scopes, organisationId: input.data.org ?? null })
	);
	console.log(`LRS client "${client.name}" created (scopes: ${client.scopes.join(', ')}).`);
	console.log(`Endpoint: <ORIGIN>/xapi/`);
	console.log(`Key:      ${key}`);
	console.log(`Secret:   ${secret}`);
	console.log('The secret is shown only now; store it in the client system.');
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	await stopDatabase();
}
