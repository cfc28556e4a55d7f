import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import type { Certificate } from '../db/schema';
import { renderCertificatePdf } from './pdf';
import { qrBitmap } from './qr';

function certificate(over: Partial<Certificate> = {}): Certificate {
	return {
		id: '00000000-0000-4000-8000-000000000001',
		code: 'ABCDEFGHJKLM',
		userId: null,
		enrolmentId: null,
		courseId: '00000000-0000-4000-8000-000000000002',
		versionId: '00000000-0000-4000-8000-000000000003',
		generation: 1,
		holderName: 'Łukasz Ğüneş-Øberg',
		courseTitle: 'Interkulturelle Kompetenz – Grundlagen',
		courseVersion: 2,
		kind: 'zertifikat',
		assessed: true,
		workloadUe: 5.5,
		outline: { lessons: ['Wahrnehmung und Deutung', 'Stereotype erkennen', 'Abschlusstest'], objectives: ['Etwas lernen'] },
		issuerOrgId: null,
		issuerName: 'IHK Oldenburg (Demo)',
		signatoryName: 'Dr. Ingrid Beispiel',
		signatoryRole: 'Geschäftsführerin Weiterbildung',
		place: 'Oldenburg',
		language: 'de',
		issuedAt: new Date('2026-11-25T10:00:00Z'),
		validUntil: new Date('2028-11-25T10:00:00Z'),
		revokedAt: null,
		revokedReason: null,
		revokedBy: null,
		issuedStatementId: null,
		supersededById: null,
		supersededReason: null,
		reminded60At: null,
		reminded14At: null,
		badgeOptInAt: null,
		...over
	};
}

async function openPdf(bytes: Uint8Array) {
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	return pdfjs.getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, isEvalSupported: false }).promise;
}

async function pageText(bytes: Uint8Array): Promise<string> {
	const doc = await openPdf(bytes);
	const parts: string[] = [];
	for (let i = 1; i <= doc.numPages; i++) {
		const content = await (await doc.getPage(i)).getTextContent();
		parts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
	}
	return parts.join('\n').replace(/\s+/g, ' ');
}

async function renderPng(bytes: Uint8Array, scale = 2) {
	const { createCanvas } = await import('@napi-rs/canvas');
	const doc = await openPdf(bytes);
	const page = await doc.getPage(1);
	const viewport = page.getViewport({ scale });
	const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
	const ctx = canvas.getContext('2d');
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	await page.render({ canvasContext: ctx as any, viewport }).promise;
	const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
	return { canvas, image, pages: doc.numPages };
}

describe('certificate QR code', () => {
	it('encodes the verification URL', () => {
		const url = 'https://lernen.example.de/verify/ABCDEFGHJKLM';
		const bmp = qrBitmap(url);
		expect(jsQR(bmp.data, bmp.width, bmp.height)?.data).toBe(url);
	});
});

describe('certificate PDF', { timeout: 60_000 }, () => {
	it('prints name, course, workload, outline and code, and its QR code decodes to the verify URL', async () => {
		const bytes = await renderCertificatePdf(certificate(), { origin: 'https://lernen.example.de' });
		expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
		const text = await pageText(bytes);
		for (const s of [
			'Zertifikat',
			'Łukasz Ğüneş-Øberg',
			'Interkulturelle Kompetenz – Grundlagen',
			'5,5 Unterrichtseinheiten à 45 Minuten',
			'Stereotype erkennen',
			'Oldenburg, 25. November 2026',
			'Gültig bis 25. November 2028',
			'Dr. Ingrid Beispiel',
			'ABCD-EFGH-JKLM',
			'https://lernen.example.de/verify/ABCDEFGHJKLM'
		])
			expect(text).toContain(s);
		const { canvas, image, pages } = await renderPng(bytes);
		expect(pages).toBe(1);
		fs.writeFileSync(path.join(os.tmpdir(), 'lb-certificate.png'), await canvas.encode('png'));
		expect(jsQR(image.data, image.width, image.height)?.data).toBe('https://lernen.example.de/verify/ABCDEFGHJKLM');
	});

	it('prints a name that mixes right-to-left and Latin letters in reading order', async () => {
		const bytes = await renderCertificatePdf(certificate({ holderName: 'שרה Cohen', courseTitle: 'Beratung für ليلى حسن' }), { origin: 'https://x.example' });
		const text = await pageText(bytes);
		// Drawn as one string, fontkit would reverse the Latin part along with the Hebrew one ("nehoC").
		expect(text).toContain('Cohen');
		expect(text).not.toContain('nehoC');
		expect(text).toContain('Beratung für');
		const { canvas } = await renderPng(bytes);
		fs.writeFileSync(path.join(os.tmpdir(), 'lb-certificate-rtl.png'), await canvas.encode('png'));
	});

	it('is written in the certificate language, not the viewer’s', async () => {
		const bytes = await renderCertificatePdf(certificate({ language: 'en', kind: 'teilnahmebescheinigung', assessed: false, validUntil: null, place: null }), { origin: 'https://x.example' });
		const text = await pageText(bytes);
		expect(text).toContain('Certificate of attendance');
		expect(text).toContain('6 teaching units'.replace('6', '5.5'));
		expect(text).toContain('Issued on 25 November 2026');
		expect(text).not.toContain('Gültig');
	});

	it('wraps very long names and titles and continues a long outline on a second page instead of overflowing', async () => {
		const longName = 'Maximiliane Josefine Alexandra von und zu Hohenstein-Wittgenstein-Berleburg-Sayn ' + 'Å'.repeat(80);
		const lessons = Array.from({ length: 40 }, (_, i) => `Lektion ${i + 1}: ${'Ein sehr langer Lektionstitel mit vielen Wörtern '.repeat(2)}`);
		const bytes = await renderCertificatePdf(certificate({ holderName: longName, courseTitle: 'Kurs '.repeat(60), outline: { lessons, objectives: [] } }), {
			origin: 'https://lernen.example.de'
		});
		const text = await pageText(bytes);
		expect(text).toContain('Lektion 40');
		const { image, pages } = await renderPng(bytes, 1);
		expect(pages).toBeGreaterThan(1);
		// Nothing is drawn into the outer 20 points of the page on either side (no text ran off the edge).
		const edge = 20;
		for (let y = 0; y < image.height; y += 2)
			for (const x of [...Array(edge).keys(), ...Array.from({ length: edge }, (_, i) => image.width - 1 - i)]) {
				const i = (y * image.width + x) * 4;
				expect(image.data[i]! + image.data[i + 1]! + image.data[i + 2]!).toBeGreaterThan(700);
			}
	});
});
