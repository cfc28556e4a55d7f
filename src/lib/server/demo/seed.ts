import { count, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { queryRows } from '../db';
import { users } from '../db/schema';
import { createOrganisation } from '../orgs';
import { createUser } from '../users';
import { setSetting } from '../settings';
import { saveIssuer } from '../certificates/issuers';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS } from './accounts';

/** Seeds demo organisations and one account per role, only into a database without users. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(users);
	if ((row?.n ?? 0) > 0) return false;
	await seedDemo(db);
	return true;
}

export async function seedDemo(db: Db): Promise<void> {
	await db.transaction(async (tx) => {
		const orgIds = new Map<string, string>();
		for (const o of DEMO_ORGANISATIONS) {
			const org = await createOrganisation(tx, { name: o.name, type: o.type, regionAgs: o.regionAgs }, null);
			orgIds.set(o.key, org.id);
		}
		for (const a of DEMO_ACCOUNTS) {
			const organisationId = a.org ? orgIds.get(a.org)! : null;
			await createUser(
				tx,
				{
					email: a.email,
					name: a.name,
					password: a.password,
					organisationId,
					roles: a.roles.map((r) => ({ role: r.role, organisationId: r.scoped ? organisationId : null }))
				},
				null
			);
		}
		// The demo chamber issues the certificates, so they show a real organisation, signatory and place.
		await saveIssuer(tx, orgIds.get('ihk')!, { signatoryName: 'Dr. Ingrid Beispiel', signatoryRole: 'Geschäftsführerin Weiterbildung', place: 'Oldenburg' });
		await setSetting(tx, 'certificate_default_issuer', orgIds.get('ihk')!, null);
		// A demo instance is for trying things out, sign-up included.
		await setSetting(tx, 'signup_allowed', true, null);
	});
}

/** Empties every table of the app (not the migration bookkeeping), for `npm run seed`. */
export async function resetDatabase(db: Db): Promise<void> {
	const tables = await queryRows<{ name: string }>(
		db,
		sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`
	);
	if (!tables.length) return;
	await db.execute(sql.raw(`truncate ${tables.map((t) => t.name).join(', ')} restart identity cascade`));
}

export function demoBanner(): string {
	const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
	const lines = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(width)}  ${a.password.padEnd(22)} ${a.label}`);
	return ['Demo accounts (e-mail / password / role):', ...lines].join('\n');
}
