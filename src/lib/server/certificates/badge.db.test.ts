import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { optInToBadge, OB_CONTEXT, publishedKeys, revocationList, revokeCertificate, signBadge, VC_CONTEXT, verifyBadge } from '.';
import { forgetPlatformKey } from './keys';
import { certificatesOf, certLearner, importCertCourse, passFinalTest, removeCertTestFiles, staff, type TestCourse } from './testing';

useTestDatabase();
afterAll(removeCertTestFiles);

let course: TestCourse;
beforeAll(async () => {
	forgetPlatformKey();
	course = await importCertCourse('badge-kurs', '7a1f0c2e-6666-4c38-9a11-0c7a4f6d2b01', 'certificate:\n  kind: zertifikat\n  valid_months: 24');
});

const ORIGIN = 'https://lb.example';
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

async function badgeOf(name: string) {
	const ctx = await certLearner(course, name, new Date('2026-04-01T10:00:00Z'));
	await passFinalTest(ctx);
	const [c] = await certificatesOf(ctx.enrolment.userId);
	await optInToBadge(getDb(), c!.id, ctx.enrolment.userId);
	return { c: (await certificatesOf(ctx.enrolment.userId))[0]!, jwt: await signBadge(getDb(), c!, ORIGIN) };
}

describe('Open Badge 3.0 credential', () => {
	it('is an EdDSA JWT that verifies with the published key and carries the OB 3.0 fields', async () => {
		const { c, jwt } = await badgeOf('Ngozi Okonkwo-Ä');
		const [h, p, s] = jwt.split('.');
		const header = decode(h!);
		expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
		const jwk = (await publishedKeys(getDb())).keys.find((k) => k.kid === header.kid)!;
		const key = createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! }, format: 'jwk' });
		expect(verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'))).toBe(true);

		const vc = decode(p!);
		expect(vc['@context']).toEqual([VC_CONTEXT, OB_CONTEXT]);
		expect(VC_CONTEXT).toBe('https://www.w3.org/ns/credentials/v2');
		expect(OB_CONTEXT).toMatch(/^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context-3\.0\.\d+\.json$/);
		expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
		expect(vc.id).toBe(`urn:uuid:${c.id}`);
		expect(vc.issuer).toMatchObject({ id: `${ORIGIN}/badges/issuer`, type: ['Profile'], name: 'Lernbrücke' });
		expect(vc.credentialSubject).toMatchObject({
			type: ['AchievementSubject'],
			identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Ngozi Okonkwo-Ä' }],
			achievement: { type: ['Achievement'], name: 'Probekurs', criteria: { narrative: expect.stringContaining('passed') } }
		});
		expect(vc.validFrom).toBe('2026-04-01T10:00:00.000Z');
		expect(vc.validUntil).toBe('2028-04-01T10:00:00.000Z');
		expect(vc.credentialStatus).toEqual({ id: `${ORIGIN}/badges/revocations`, type: '1EdTechRevocationList' });
		expect(vc).toMatchObject({ iss: `${ORIGIN}/badges/issuer`, jti: vc.id, nbf: Date.parse(vc.validFrom) / 1000, exp: Date.parse(vc.validUntil) / 1000 });

		expect(await verifyBadge(getDb(), jwt)).toMatchObject({ ok: true, revoked: false, credential: { id: vc.id } });
	});

	it('says "invalid signature" for a tampered credential and "malformed" for junk, never throwing', async () => {
		const { jwt } = await badgeOf('Tamara Manipuliert');
		const [h, p, s] = jwt.split('.');
		const forged = { ...decode(p!), validUntil: '2099-01-01T00:00:00.000Z' };
		const tampered = `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`;
		expect(await verifyBadge(getDb(), tampered)).toEqual({ ok: false, error: 'invalid signature' });
		// A character in the middle: the last one of a base64url signature partly holds unused bits, so changing
		// it may leave the decoded signature as it was.
		const flipped = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
		expect(await verifyBadge(getDb(), flipped)).toMatchObject({ ok: false });
		for (const junk of ['', 'abc', 'a.b.c', `${h}.${p}`, '{"alg":"none"}', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`]) {
			const result = await verifyBadge(getDb(), junk);
			expect(result.ok).toBe(false);
		}
		const otherKey = `${Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'someone-else' })).toString('base64url')}.${p}.${s}`;
		expect(await verifyBadge(getDb(), otherKey)).toEqual({ ok: false, error: 'unknown key' });
	});

	it('lists a revoked badge in the revocation list its credentialStatus points to', async () => {
		const db = getDb();
		const { c, jwt } = await badgeOf('Rita Widerruf');
		expect((await revocationList(db, ORIGIN)).revokedCredentials).not.toContainEqual({ id: `urn:uuid:${c.id}` });
		const admin = await staff([{ role: 'admin', organisationId: null }]);
		await db.transaction((tx) => revokeCertificate(tx, { certificateId: c.id, reason: 'Fehler', by: admin, origin: ORIGIN }));
		const list = await revocationList(db, ORIGIN);
		expect(list).toMatchObject({ id: `${ORIGIN}/badges/revocations`, issuer: `${ORIGIN}/badges/issuer` });
		expect(list.revokedCredentials).toContainEqual({ id: `urn:uuid:${c.id}` });
		expect(await verifyBadge(db, jwt)).toMatchObject({ ok: true, revoked: true });
	});

	it('records the opt-in only for the holder', async () => {
		const ctx = await certLearner(course, 'Olga Opt');
		await passFinalTest(ctx);
		const [c] = await certificatesOf(ctx.enrolment.userId);
		const stranger = await staff([{ role: 'learner', organisationId: null }]);
		expect(await optInToBadge(getDb(), c!.id, stranger.id)).toBe(false);
		expect((await certificatesOf(ctx.enrolment.userId))[0]!.badgeOptInAt).toBeNull();
		expect(await optInToBadge(getDb(), c!.id, ctx.enrolment.userId)).toBe(true);
	});
});
