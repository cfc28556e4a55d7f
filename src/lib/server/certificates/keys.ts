import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { platformKeys } from '../db/schema';

export interface PlatformKey {
	kid: string;
	publicJwk: Record<string, string>;
	privateKey: KeyObject;
	publicKey: KeyObject;
}

let cached: PlatformKey | undefined;

/**
 * The platform's Ed25519 signing key. Created on first use (the server calls this at start); concurrent
 * first starts race on the insert and everyone then reads the oldest key, so all processes sign with the same
 * one. The private key stays in the database.
 */
export async function platformKey(db: DbOrTx): Promise<PlatformKey> {
	if (cached) return cached;
	let [row] = await db.select().from(platformKeys).orderBy(asc(platformKeys.createdAt)).limit(1);
	if (!row) {
		const { publicKey, privateKey } = generateKeyPairSync('ed25519');
		const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
		const kid = `ed25519-${jwk.x!.slice(0, 16)}`;
		await db
			.insert(platformKeys)
			.values({
				kid,
				publicJwk: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, kid, alg: 'EdDSA', use: 'sig' },
				privatePkcs8: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
			})
			.onConflictDoNothing();
		[row] = await db.select().from(platformKeys).orderBy(asc(platformKeys.createdAt)).limit(1);
	}
	const privateKey = createPrivateKey(row!.privatePkcs8);
	cached = { kid: row!.kid, publicJwk: row!.publicJwk, privateKey, publicKey: createPublicKey(privateKey) };
	return cached;
}

/** Tests open a fresh database per file: forget the key of the previous one. */
export function forgetPlatformKey() {
	cached = undefined;
}

/** Every published key (a JWKS), so credentials signed before a key change still verify. */
export async function publishedKeys(db: DbOrTx): Promise<{ keys: Record<string, string>[] }> {
	await platformKey(db);
	const rows = await db.select({ jwk: platformKeys.publicJwk }).from(platformKeys).orderBy(asc(platformKeys.createdAt));
	return { keys: rows.map((r) => r.jwk) };
}
