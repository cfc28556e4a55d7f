import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import type { Certificate } from '../db/schema';
import { qrModules } from './qr';
import { certificateText } from './text';
import { visualRuns } from './bidi';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const FOOTER = 120;
const INK = rgb(0.1, 0.11, 0.13);
const MUTED = rgb(0.33, 0.35, 0.4);
const ACCENT = rgb(0.05, 0.3, 0.45);

/**
 * DejaVu (bundled with the app through the dejavu-fonts-ttf package, never downloaded) covers Latin
 * Extended, Greek, Cyrillic, Hebrew and Arabic, so names like "Łukasz Ğüneş-Øberg" or "ليلى حسن" print as
 * written (fontkit shapes the Arabic; `drawLine` puts mixed-direction runs in visual order).
 */
let fontFiles: { regular: Buffer; bold: Buffer } | undefined;
function fontBytes() {
	if (!fontFiles) {
		const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
		fontFiles = { regular: fs.readFileSync(path.join(dir, 'DejaVuSans.ttf')), bold: fs.readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')) };
	}
	return fontFiles;
}

export interface PdfLogo {
	bytes: Uint8Array;
	type: 'image/png' | 'image/jpeg';
}

type TextStyle = { size: number; font: PDFFont; color: ReturnType<typeof rgb> };

/** Width of a line as `drawLine` draws it: the sum of its directional runs. */
function lineWidth(line: string, font: PDFFont, size: number): number {
	return visualRuns(line).reduce((w, r) => w + font.widthOfTextAtSize(r.text, size), 0);
}

/** One line, run by run in visual order, so right-to-left names and titles read correctly next to Latin text. */
function drawLine(page: PDFPage, line: string, x: number, y: number, style: TextStyle) {
	for (const run of visualRuns(line)) {
		page.drawText(run.text, { x, y, ...style });
		x += style.font.widthOfTextAtSize(run.text, style.size);
	}
}

/** Lines no wider than `width`; a word longer than a line (a very long name or URL) is broken anywhere. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (fits(candidate)) {
			line = candidate;
			continue;
		}
		if (line) lines.push(line);
		line = '';
		let rest = word;
		while (!fits(rest)) {
			let n = rest.length - 1;
			while (n > 1 && !fits(rest.slice(0, n))) n--;
			lines.push(rest.slice(0, n));
			rest = rest.slice(n);
		}
		line = rest;
	}
	if (line) lines.push(line);
	return lines.length ? lines : [''];
}

/** A top-to-bottom cursor over pages; text that reaches the footer continues on a new page. */
class Flow {
	page: PDFPage;
	y: number;
	pages = 1;
	constructor(private doc: PDFDocument) {
		this.page = doc.addPage(A4);
		this.y = A4[1] - MARGIN;
	}
	private bottom() {
		return this.pages === 1 ? MARGIN + FOOTER : MARGIN;
	}
	gap(n: number) {
		this.y -= n;
	}
	text(s: string, o: { font: PDFFont; size: number; color?: ReturnType<typeof rgb>; center?: boolean; indent?: number; bullet?: string }) {
		const x0 = MARGIN + (o.indent ?? 0);
		const width = A4[0] - MARGIN - x0;
		const lineHeight = o.size * 1.35;
		wrapText(s, o.font, o.size, width).forEach((line, i) => {
			if (this.y - lineHeight < this.bottom()) {
				this.page = this.doc.addPage(A4);
				this.pages++;
				this.y = A4[1] - MARGIN;
			}
			this.y -= lineHeight;
			const x = o.center ? (A4[0] - lineWidth(line, o.font, o.size)) / 2 : x0;
			if (o.bullet && i === 0) this.page.drawText(o.bullet, { x: x0 - 10, y: this.y, size: o.size, font: o.font, color: o.color ?? INK });
			drawLine(this.page, line, x, this.y, { size: o.size, font: o.font, color: o.color ?? INK });
		});
	}
}

function drawQr(page: PDFPage, url: string, x: number, y: number, side: number) {
	const { size, dark } = qrModules(url);
	const cell = side / size;
	for (let r = 0; r < size; r++)
		for (let c = 0; c < size; c++)
			if (dark(c, r)) page.drawRectangle({ x: x + c * cell, y: y + side - (r + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: rgb(0, 0, 0) });
}

/**
 * The certificate as an A4 PDF in its own language: issuer logo, holder, course, workload in UE, outline,
 * place and date, validity, signatory, and a QR code with the verification URL printed beside it. The HTML
 * view (/certificates/[id]) is the accessible form of the same content.
 */
export async function renderCertificatePdf(c: Certificate, opts: { origin: string; logo?: PdfLogo | null }): Promise<Uint8Array> {
	const t = certificateText(c, opts.origin);
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	const { regular: regularBytes, bold: boldBytes } = fontBytes();
	const regular = await doc.embedFont(regularBytes, { subset: true });
	const bold = await doc.embedFont(boldBytes, { subset: true });
	doc.setTitle(`${t.kind}: ${t.course}`, { showInWindowTitleBar: true });
	doc.setAuthor(t.issuer);
	doc.setSubject(`${t.kind} – ${t.holder}`);
	doc.setLanguage(t.lang === 'en' ? 'en-GB' : 'de-DE');
	doc.setProducer('Lernbrücke');
	doc.setCreator('Lernbrücke');
	doc.setCreationDate(c.issuedAt);

	const flow = new Flow(doc);
	const first = flow.page;
	let logo: PDFImage | undefined;
	if (opts.logo) logo = opts.logo.type === 'image/png' ? await doc.embedPng(opts.logo.bytes) : await doc.embedJpg(opts.logo.bytes);
	if (logo) {
		const scaled = logo.scaleToFit(170, 64);
		first.drawImage(logo, { x: MARGIN, y: A4[1] - MARGIN - scaled.height, width: scaled.width, height: scaled.height });
	}
	const issuerLines = wrapText(t.issuer, regular, 9.5, logo ? 240 : A4[0] - 2 * MARGIN);
	issuerLines.forEach((line, i) => {
		drawLine(first, line, A4[0] - MARGIN - lineWidth(line, regular, 9.5), A4[1] - MARGIN - 10 - i * 13, { size: 9.5, font: regular, color: MUTED });
	});
	flow.gap(logo ? Math.max(84, issuerLines.length * 13 + 24) : issuerLines.length * 13 + 24);
	first.drawRectangle({ x: MARGIN, y: flow.y + 6, width: A4[0] - 2 * MARGIN, height: 1.2, color: ACCENT });

	flow.gap(20);
	flow.text(t.kind, { font: bold, size: 28, color: ACCENT, center: true });
	flow.gap(18);
	flow.text(t.confirms, { font: regular, size: 12, center: true });
	flow.gap(8);
	flow.text(t.holder, { font: bold, size: 22, center: true });
	flow.gap(8);
	flow.text(t.completed, { font: regular, size: 12, center: true });
	flow.gap(8);
	flow.text(t.course, { font: bold, size: 16, center: true });
	flow.text(t.version, { font: regular, size: 9.5, color: MUTED, center: true });
	flow.gap(18);
	flow.text(t.workload, { font: regular, size: 10.5 });
	flow.gap(2);
	flow.text(t.assessment, { font: regular, size: 10.5 });
	flow.gap(12);
	flow.text(t.outlineHeading, { font: bold, size: 11 });
	for (const lesson of t.lessons) flow.text(lesson, { font: regular, size: 10, indent: 14, bullet: '•' });
	flow.gap(16);
	flow.text(t.placeDate, { font: regular, size: 10.5 });
	if (t.validUntil) flow.text(t.validUntil, { font: bold, size: 10.5 });
	flow.gap(24);
	if (t.signatoryName) {
		flow.text(t.signatoryName, { font: bold, size: 10.5 });
		if (t.signatoryRole) flow.text(t.signatoryRole, { font: regular, size: 10 });
	}
	flow.text(t.issuer, { font: regular, size: 10 });
	flow.gap(6);
	flow.text(t.electronic, { font: regular, size: 8.5, color: MUTED });

	// Footer of the first page: QR code and the same URL in text, for people who type it.
	const qrSide = 92;
	drawQr(first, t.verifyUrl, MARGIN, MARGIN, qrSide);
	const textX = MARGIN + qrSide + 16;
	const textWidth = A4[0] - MARGIN - textX;
	let fy = MARGIN + qrSide - 10;
	for (const line of wrapText(t.verifyHint, regular, 9, textWidth)) {
		first.drawText(line, { x: textX, y: fy, size: 9, font: regular, color: MUTED });
		fy -= 12;
	}
	for (const line of wrapText(t.verifyUrl, bold, 9.5, textWidth)) {
		first.drawText(line, { x: textX, y: fy, size: 9.5, font: bold, color: ACCENT });
		fy -= 13;
	}
	fy -= 4;
	first.drawText(`${t.codeLabel}: ${t.code}`, { x: textX, y: fy, size: 9.5, font: regular, color: INK });
	return doc.save();
}
