import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { optInToBadge, reissueWithName, revokeCertificate, signBadge } from '.';
import { checkBadge, MAX_BADGE_CHARS, readLimitedForm } from './badge-check';
import { VERIFY_PER_ADDRESS } from './verify';
import { forgetPlatformKey } from './keys';
import { certificatesOf, certLearner, importCertCourse, passFinalTest, removeCertTestFiles, staff, type TestCourse } from './testing';

useTestDatabase();
afterAll(removeCertTestFiles);

const ORIGIN = 'https://lb.example';
const ISSUED = new Date('2026-04-01T10:00:00Z');
let course: TestCourse;
beforeAll(async () => {
	forgetPlatformKey();
	course = await importCertCourse('badge-pruef-kurs', '7a1f0c2e-8888-4c38-9a11-0c7a4f6d2b01', 'certificate:\n  kind: zertifikat\n  valid_months: 24');
});

let ip = 0;
/** A fresh client address per check, so the limit test below is the only one that meets it. */
const check = (input: string, now = new Date('2026-05-01T10:00:00Z')) => checkBadge(getDb(), input, `203.0.113.${++ip}`, now);
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

async function badgeOf(name: string) {
	const ctx = await certLearner(course, name, ISSUED);
	await passFinalTest(ctx);
	const [c] = await certificatesOf(ctx.enrolment.userId);
	await optInToBadge(getDb(), c!.id, ctx.enrolment.userId);
	return { c: c!, jwt: await signBadge(getDb(), c!, ORIGIN) };
}

describe('checking a pasted Open Badge', () => {
	it('says valid and shows achievement, issuer, dates and the holder’s name only; expired once the clock passes validUntil', async () => {
		const { jwt } = await badgeOf('Amira Al-Hadi');
		const ok = await check(`\n  "${jwt.slice(0, 40)}\n${jwt.slice(40)}"  \n`); // as pasted from a mail, wrapped and quoted
		expect(ok).toEqual({
			limited: false,
			check: {
				status: 'valid',
				achievement: 'Probekurs',
				issuer: 'Lernbrücke',
				validFrom: '2026-04-01T10:00:00.000Z',
				validUntil: '2028-04-01T10:00:00.000Z',
				holderName: 'Amira Al-Hadi'
			}
		});
		expect(await check(jwt, new Date('2028-04-01T10:00:00Z'))).toMatchObject({ check: { status: 'expired', holderName: 'Amira Al-Hadi' } });
	});

	it('says invalid signature for a tampered payload, malformed for a wrong alg, random text and junk, never throwing', async () => {
		const { jwt } = await badgeOf('Tomasz Fälscher');
		const [h, p, s] = jwt.split('.') as [string, string, string];
		const forged = `${h}.${b64({ ...decode(p), validUntil: '2099-01-01T00:00:00.000Z' })}.${s}`;
		expect(await check(forged)).toEqual({ limited: false, check: { status: 'invalid-signature' } });
		const renamed = `${h}.${b64(JSON.stringify(decode(p)).replace('Tomasz Fälscher', 'Someone Else'))}.${s}`;
		expect(await check(renamed)).toEqual({ limited: false, check: { status: 'invalid-signature' } });
		const noneAlg = `${b64({ ...decode(h), alg: 'none' })}.${p}.`;
		const hmac = `${b64({ ...decode(h), alg: 'HS256' })}.${p}.${s}`;
		const junk = ['Hallo, hier ist mein Badge!', 'a.b.c', '...', `${h}.${p}`, '{"@context":[]}', '\u0000\u0001\uFFFD', 'ey' + 'A'.repeat(5000), `${b64('[')}.${p}.${s}`];
		for (const input of [noneAlg, hmac, ...junk]) {
			expect(await check(input)).toEqual({ limited: false, check: { status: 'malformed' } });
		}
		const foreign = `${b64({ alg: 'EdDSA', typ: 'JWT', kid: 'jemand-anderes' })}.${p}.${s}`;
		expect(await check(foreign)).toEqual({ limited: false, check: { status: 'unknown-key' } });
		expect(await check('x'.repeat(MAX_BADGE_CHARS + 1))).toEqual({ limited: false, check: { status: 'too-large' } });
	});

	it('says revoked once the certificate is revoked (credentialStatus), and replaced after a name correction', async () => {
		const db = getDb();
		const admin = await staff([{ role: 'admin', organisationId: null }]);
		const revoked = await badgeOf('Rosa Widerruf');
		await db.transaction((tx) => revokeCertificate(tx, { certificateId: revoked.c.id, reason: 'Fehler', by: admin, origin: ORIGIN }));
		expect(await check(revoked.jwt)).toMatchObject({ check: { status: 'revoked', holderName: 'Rosa Widerruf' } });

		const corrected = await badgeOf('Jon Tippfeler');
		await db.transaction((tx) => reissueWithName(tx, { certificateId: corrected.c.id, holderName: 'Jon Tippfehler', by: admin }));
		expect(await check(corrected.jwt)).toMatchObject({ check: { status: 'superseded', holderName: null, achievement: 'Probekurs' } });
	});

	it('counts every check against the address’s limit shared with code lookups', async () => {
		const address = '198.51.100.99';
		const now = new Date('2026-05-02T10:00:00Z');
		for (let i = 0; i < VERIFY_PER_ADDRESS; i++) expect((await checkBadge(getDb(), 'junk', address, now)).limited).toBe(false);
		expect(await checkBadge(getDb(), 'junk', address, now)).toMatchObject({ limited: true });
	});
});

describe('reading the form', () => {
	const form = (body: string, headers: Record<string, string> = {}) => {
		const fd = new FormData();
		fd.set('badge', body);
		const req = new Request('http://x/', { method: 'POST', body: fd });
		return new Request('http://x/', { method: 'POST', body: req.body, headers: { 'content-type': req.headers.get('content-type')!, ...headers }, duplex: 'half' } as RequestInit);
	};

	it('reads a small form, refuses a large one by declared or actual length, and does not throw on a broken body', async () => {
		expect(((await readLimitedForm(form('eyJ.abc.def'), 1024)) as FormData).get('badge')).toBe('eyJ.abc.def');
		expect(await readLimitedForm(form('x'.repeat(5000)), 1024)).toBeNull();
		expect(await readLimitedForm(form('x', { 'content-length': '999999' }), 1024)).toBeNull();
		const broken = new Request('http://x/', { method: 'POST', body: '--nope\r\ngarbage', headers: { 'content-type': 'multipart/form-data; boundary=zzz' } });
		expect(await readLimitedForm(broken, 1024)).toBe('invalid');
	});
});
