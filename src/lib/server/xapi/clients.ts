/**
 * LRS clients: the credentials other systems use at /xapi (HTTP Basic, key:secret). The secret is shown
 * once, at creation; only its SHA-256 is kept (it is 32 random bytes, so no stretching is needed and each
 * request pays one hash).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { prepared } from '../db/prepared';
import { LRS_SCOPES, lrsClients, type LrsClient, type LrsScope } from '../db/schema';
import { XapiError } from './errors';
import type { Authority } from './store';

export { LRS_SCOPES, type LrsScope };

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface NewClient {
	name: string;
	scopes: LrsScope[];
	organisationId?: string | null;
	createdBy?: string | null;
}

export async function createClient(db: DbOrTx, input: NewClient): Promise<{ client: LrsClient; key: string; secret: string }> {
	const key = randomBytes(15).toString('base64url');
	const secret = randomBytes(32).toString('base64url');
	const [client] = await db
		.insert(lrsClients)
		.values({ name: input.name, key, secretHash: hash(secret), scopes: input.scopes, organisationId: input.organisationId ?? null, createdBy: input.createdBy ?? null })
		.returning();
	return { client: client!, key, secret };
}

export async function setClientDisabled(db: DbOrTx, id: string, disabled: boolean): Promise<void> {
	await db.update(lrsClients).set({ disabledAt: disabled ? new Date() : null }).where(eq(lrsClients.id, id));
}

// Every LRS request looks its client up: one named prepared query per database handle (parsed once per
// connection, one round trip instead of two).
const clientByKey = (db: DbOrTx) =>
	prepared(db, 'lrs_client_by_key', (h) => h.select().from(lrsClients).where(eq(lrsClients.key, sql.placeholder('key'))).prepare('lrs_client_by_key'));

/** The client behind an Authorization header; 401 for missing, malformed, unknown, wrong or disabled credentials. */
export async function authenticate(db: DbOrTx, header: string | null): Promise<LrsClient> {
	const unauthorized = (why: string) => new XapiError(401, why);
	if (!header?.toLowerCase().startsWith('basic ')) throw unauthorized('Basic credentials of an LRS client are required');
	const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 1) throw unauthorized('malformed Basic credentials');
	const [key, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
	const [client] = await clientByKey(db).execute({ key });
	const given = Buffer.from(hash(secret), 'hex');
	if (!client || !timingSafeEqual(given, Buffer.from(client.secretHash, 'hex'))) throw unauthorized('unknown key or wrong secret');
	if (client.disabledAt) throw unauthorized('these credentials are disabled');
	return client;
}

/** The agent set as `authority` on everything the client writes. */
export function clientAuthority(client: LrsClient, origin: string): Authority {
	return {
		agent: { objectType: 'Agent', name: client.name, account: { homePage: `${origin}/xapi/clients`, name: client.key } },
		clientId: client.id,
		organisationId: client.organisationId
	};
}

export type Need = 'statements/write' | 'statements/read' | 'state' | 'profile' | 'define';

/** Whether a client's scopes allow an operation (403 otherwise). `statements/read/mine` reads its own only. */
export function allows(client: LrsClient, need: Need): boolean {
	const s = new Set(client.scopes);
	if (s.has('all')) return true;
	switch (need) {
		case 'statements/read':
			return s.has('statements/read') || s.has('statements/read/mine') || s.has('all/read');
		case 'statements/write':
			return s.has('statements/write');
		case 'state':
			return s.has('state');
		case 'profile':
			return s.has('profile') || s.has('define') || s.has('state');
		case 'define':
			return s.has('define');
	}
}

export function requireScope(client: LrsClient, need: Need): void {
	if (!allows(client, need)) throw new XapiError(403, `these credentials lack the scope for ${need}`);
}

/** Reading limited to the client's own statements (`statements/read/mine` without a broader read scope). */
export const readsOwnOnly = (client: LrsClient) => !['all', 'all/read', 'statements/read'].some((s) => client.scopes.includes(s as LrsScope));
