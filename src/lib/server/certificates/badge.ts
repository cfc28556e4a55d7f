/**
 * Open Badges 3.0: a certificate as an OpenBadgeCredential (W3C Verifiable Credentials Data Model 2.0),
 * secured as a JWT signed with the platform's Ed25519 key (EdDSA). The issuer profile, the public keys (JWKS)
 * and the revocation list (1EdTech Revocation List status method) are published at /badges/…; signing and
 * verifying use node:crypto only, so nothing is fetched from elsewhere.
 */
import { createPublicKey, sign, verify } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificates, type Certificate } from '../db/schema';
import { platformKey, publishedKeys } from './keys';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a decoded JWT payload is arbitrary JSON
type Json = Record<string, any>;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const base = (origin: string) => origin.replace(/\/$/, '');
export const issuerProfileUrl = (origin: string) => `${base(origin)}/badges/issuer`;
export const jwksUrl = (origin: string) => `${base(origin)}/badges/jwks.json`;
export const revocationListUrl = (origin: string) => `${base(origin)}/badges/revocations`;
export const credentialId = (c: Pick<Certificate, 'id'>) => `urn:uuid:${c.id}`;

/** The issuer as an OB 3.0 Profile. Certificates name their issuing organisation; the platform signs for it. */
export function issuerProfile(origin: string, name?: string) {
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT],
		id: issuerProfileUrl(origin),
		type: ['Profile'],
		name: name ?? 'Lernbrücke',
		url: base(origin)
	};
}

export function badgeCredential(c: Certificate, origin: string) {
	const kind = c.kind === 'zertifikat' ? 'Zertifikat' : 'Teilnahmebescheinigung';
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT],
		id: credentialId(c),
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		issuer: { ...issuerProfile(origin, c.issuerName), '@context': undefined },
		name: `${kind}: ${c.courseTitle}`,
		validFrom: c.issuedAt.toISOString(),
		...(c.validUntil ? { validUntil: c.validUntil.toISOString() } : {}),
		credentialSubject: {
			type: ['AchievementSubject'],
			// The holder chose to publish this badge; their name is what the paper certificate shows, nothing more.
			identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: c.holderName }],
			achievement: {
				id: `${base(origin)}/badges/achievements/${c.courseId}/${c.courseVersion}`,
				type: ['Achievement'],
				achievementType: 'Certificate',
				name: c.courseTitle,
				description: [...c.outline.objectives, ...c.outline.lessons].join(' · ') || c.courseTitle,
				criteria: {
					narrative: c.assessed
						? `${kind}: completed the online course (${c.workloadUe} UE à 45 min) and passed the final assessment.`
						: `${kind}: took part in every lesson of the online course (${c.workloadUe} UE à 45 min).`
				},
				inLanguage: c.language
			}
		},
		credentialStatus: { id: revocationListUrl(origin), type: '1EdTechRevocationList' }
	};
}

/** The credential as a VC-JWT: the payload is the credential plus the registered JWT claims. */
export async function signBadge(db: DbOrTx, c: Certificate, origin: string): Promise<string> {
	const key = await platformKey(db);
	const credential = JSON.parse(JSON.stringify(badgeCredential(c, origin)));
	const header = { alg: 'EdDSA', typ: 'JWT', kid: key.kid };
	const payload = {
		...credential,
		iss: issuerProfileUrl(origin),
		jti: credential.id,
		nbf: Math.floor(c.issuedAt.getTime() / 1000),
		...(c.validUntil ? { exp: Math.floor(c.validUntil.getTime() / 1000) } : {})
	};
	const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
	const signature = sign(null, Buffer.from(input), key.privateKey);
	return `${input}.${b64url(signature)}`;
}

export type BadgeVerification =
	| { ok: true; credential: Json; revoked: boolean }
	| { ok: false; error: 'malformed' | 'unknown key' | 'invalid signature' };

/**
 * Checks a pasted badge JWT against the published keys and the revocation list. Anything that is not a
 * well-formed EdDSA JWT signed by one of our keys is refused with a reason — never an exception.
 */
export async function verifyBadge(db: DbOrTx, token: string): Promise<BadgeVerification> {
	const parts = token.trim().split('.');
	if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, error: 'malformed' };
	let header: Record<string, unknown>;
	let payload: Json;
	try {
		header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
		payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
	} catch {
		return { ok: false, error: 'malformed' };
	}
	if (!header || header.alg !== 'EdDSA' || typeof payload !== 'object' || !payload) return { ok: false, error: 'malformed' };
	const jwk = (await publishedKeys(db)).keys.find((k) => k.kid === header.kid);
	if (!jwk) return { ok: false, error: 'unknown key' };
	let valid = false;
	try {
		const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
		valid = verify(null, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2]!, 'base64url'));
	} catch {
		valid = false;
	}
	if (!valid) return { ok: false, error: 'invalid signature' };
	const revoked = (await revocationList(db, '')).revokedCredentials.some((r) => r.id === payload.id);
	return { ok: true, credential: payload, revoked };
}

/**
 * The 1EdTech revocation list: ids of revoked badges. Only certificates whose holders opted in to a badge
 * appear (the others never left the platform as credentials), without the reason.
 */
export async function revocationList(db: DbOrTx, origin: string) {
	const rows = await db
		.select({ id: certificates.id })
		.from(certificates)
		.where(and(isNotNull(certificates.badgeOptInAt), isNotNull(certificates.revokedAt)));
	return { id: revocationListUrl(origin), issuer: issuerProfileUrl(origin), revokedCredentials: rows.map((r) => ({ id: credentialId(r) })) };
}

/** The holder agrees to receive this certificate as a badge (publishing it discloses data: opt-in). */
export async function optInToBadge(db: DbOrTx, certificateId: string, userId: string, now = new Date()): Promise<boolean> {
	const [row] = await db
		.update(certificates)
		.set({ badgeOptInAt: now })
		.where(and(eq(certificates.id, certificateId), eq(certificates.userId, userId)))
		.returning({ id: certificates.id });
	return !!row;
}

