import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { createOrganisation } from '../orgs';
import type { Certificate } from '../db/schema';
import { issuerLogo, logoTypeOf, MAX_LOGO_BYTES, saveIssuer, setIssuerLogo } from '.';
import { renderCertificatePdf } from './pdf';

useTestDatabase();

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('issuer logo', () => {
	it('knows PNG and JPEG by their magic bytes, whatever the file claims', () => {
		expect(logoTypeOf(PNG)).toBe('image/png');
		expect(logoTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
		expect(logoTypeOf(Buffer.from('GIF89a……'))).toBeNull();
		expect(logoTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(logoTypeOf(new Uint8Array())).toBeNull();
	});

	it('is stored only for a configured issuer, within the size limit, and printed on the PDF', async () => {
		const db = getDb();
		const org = await createOrganisation(db, { name: 'Logo-Kammer', type: 'kammer', regionAgs: '03403' }, null);
		expect(await setIssuerLogo(db, org.id, PNG)).toBe('no-issuer');
		await saveIssuer(db, org.id, { signatoryName: 'Dr. Beispiel', signatoryRole: null, place: 'Oldenburg' });
		expect(await setIssuerLogo(db, org.id, Buffer.from('GIF89a……'))).toBe('type');
		const huge = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES)]);
		expect(await setIssuerLogo(db, org.id, huge)).toBe('size');
		expect(await issuerLogo(db, org.id)).toBeNull();
		expect(await setIssuerLogo(db, org.id, PNG)).toBeNull();
		const logo = await issuerLogo(db, org.id);
		expect(logo?.type).toBe('image/png');

		const cert = { id: crypto.randomUUID(), code: 'ABCDEFGHJKLM', kind: 'zertifikat', holderName: 'A', courseTitle: 'K', courseVersion: 1, workloadUe: 1, outline: { lessons: [], objectives: [] }, assessed: true, issuerName: 'Logo-Kammer', signatoryName: null, signatoryRole: null, place: null, language: 'de', issuedAt: new Date(), validUntil: null } as unknown as Certificate;
		const xobjects = async (bytes: Uint8Array) => {
			const page = (await PDFDocument.load(bytes)).getPage(0);
			const found = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
			return found ? found.keys().length : 0;
		};
		expect(await xobjects(await renderCertificatePdf(cert, { origin: 'https://lb.example', logo: null }))).toBe(0);
		expect(await xobjects(await renderCertificatePdf(cert, { origin: 'https://lb.example', logo }))).toBe(1);
	});
});
