import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { certificates, courses, courseVersions } from '../db/schema';
import { formatCode, newVerificationCode } from './code';
import { verifyCode, VERIFY_PER_ADDRESS } from './verify';

useTestDatabase();

/** A certificate row as the register keeps it (issuing itself is tested in certificates.db.test.ts). */
async function stored(over: Partial<typeof certificates.$inferInsert> = {}) {
	const db = getDb();
	const courseId = crypto.randomUUID();
	await db.insert(courses).values({ id: courseId, slug: `c-${courseId.slice(0, 8)}` });
	const [version] = await db
		.insert(courseVersions)
		.values({ courseId, number: 1, declaredVersion: 1, contentHash: 'x', content: {} as never })
		.returning();
	const [c] = await db
		.insert(certificates)
		.values({
			code: newVerificationCode(),
			courseId,
			versionId: version!.id,
			holderName: 'Łukasz Ğüneş-Øberg',
			courseTitle: 'Probekurs',
			courseVersion: 1,
			kind: 'zertifikat',
			assessed: true,
			workloadUe: 2,
			outline: { lessons: ['Eins'], objectives: [] },
			issuerName: 'IHK Test',
			language: 'de',
			issuedAt: new Date('2026-01-01T00:00:00Z'),
			validUntil: new Date('2027-01-01T00:00:00Z'),
			...over
		})
		.returning();
	return c!;
}

let ip = 0;
const address = () => `10.0.0.${++ip}`;

describe('verification', () => {
	it('tells valid, expired (by the clock), revoked with reason and replaced apart', async () => {
		const db = getDb();
		const c = await stored();
		const at = (iso: string) => verifyCode(db, formatCode(c.code).toLowerCase(), address(), new Date(iso));
		expect(await at('2026-06-01T00:00:00Z')).toMatchObject({ limited: false, verification: { status: 'valid', holderName: 'Łukasz Ğüneş-Øberg', issuerName: 'IHK Test' } });
		expect(await at('2027-01-01T00:00:00Z')).toMatchObject({ verification: { status: 'expired' } });
		const revoked = await stored({ revokedAt: new Date('2026-03-01T00:00:00Z'), revokedReason: 'Identität nicht bestätigt' });
		expect(await verifyCode(db, revoked.code, address())).toMatchObject({ verification: { status: 'revoked', revokedReason: 'Identität nicht bestätigt' } });
		const replaced = await stored({ supersededReason: 'reissue', supersededById: c.id });
		expect(await verifyCode(db, replaced.code, address())).toMatchObject({ verification: { status: 'superseded', holderName: null } });
	});

	it('says unknown for a tampered or made-up code and reveals nothing else', async () => {
		const db = getDb();
		const c = await stored();
		const tampered = c.code.slice(0, 11) + (c.code[11] === 'Z' ? 'Y' : 'Z');
		for (const input of [tampered, 'not-a-code', '', "' or 1=1 --", 'ÄÖÜ'.repeat(20)]) {
			expect(await verifyCode(db, input, address())).toEqual({ limited: false, verification: { status: 'unknown' } });
		}
	});

	it('shows the holder name but no e-mail, account or score', async () => {
		const c = await stored();
		const result = await verifyCode(getDb(), c.code, address());
		expect(Object.keys(result.limited ? {} : result.verification).sort()).toEqual(
			['courseTitle', 'courseVersion', 'holderName', 'issuedAt', 'issuerName', 'kind', 'language', 'renewed', 'revokedAt', 'revokedReason', 'status', 'validUntil'].sort()
		);
	});

	it('limits lookups per address, across processes (the count is in the database)', async () => {
		const db = getDb();
		const c = await stored();
		const ipLimited = address();
		for (let i = 0; i < VERIFY_PER_ADDRESS; i++) expect((await verifyCode(db, 'XXXXXXXXXXXX', ipLimited)).limited).toBe(false);
		expect(await verifyCode(db, c.code, ipLimited)).toMatchObject({ limited: true });
		expect((await verifyCode(db, c.code, address())).limited).toBe(false);
	});
});
