import { readdirSync, readFileSync } from 'node:fs';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { EXE, JPEG, PNG, WEBP, appSegment, exifSegment, gifWithComment, jpegWith, pngClaiming, pngWithText, webpWithMetadata } from '../../../../tests/fixtures/media';
import { assetFileName, extensionFits, inspectAsset, inspectFolderAsset } from './assets';
import { imageSize, sniff } from './sniff';
import { exifOrientation, stripMetadata } from './strip-metadata';
import { svgProblem } from './svg';
import { templateFiles } from './template';

const enc = (s: string) => new TextEncoder().encode(s);
const has = (bytes: Uint8Array, s: string) => Buffer.from(bytes).includes(Buffer.from(s, 'latin1'));

/** The APPn segments of a JPEG before its first scan, as [marker, body]. */
function appSegments(b: Uint8Array): [number, Uint8Array][] {
	const out: [number, Uint8Array][] = [];
	let at = 2;
	while (b[at + 1] !== 0xda) {
		const len = (b[at + 2]! << 8) | b[at + 3]!;
		if (b[at + 1]! >= 0xe0 && b[at + 1]! <= 0xef) out.push([b[at + 1]!, b.subarray(at + 4, at + 2 + len)]);
		at += 2 + len;
	}
	return out;
}

describe('sniff', () => {
	it('recognises accepted kinds by their content', async () => {
		expect(sniff(JPEG)).toEqual({ kind: 'jpeg' });
		expect(sniff(PNG)).toEqual({ kind: 'png' });
		expect(sniff(WEBP)).toEqual({ kind: 'webp' });
		expect(sniff(gifWithComment())).toEqual({ kind: 'gif' });
		expect(sniff(enc('%PDF-1.7\n%âãÏÓ\n'))).toEqual({ kind: 'pdf' });
		expect(sniff(enc('ID3\x04\x00\x00\x00\x00\x00\x00'))).toEqual({ kind: 'mp3' });
		expect(sniff(new Uint8Array([0xff, 0xfb, 0x90, 0x64, 0, 0]))).toEqual({ kind: 'mp3' });
		expect(sniff(enc('OggS\x00\x02'))).toEqual({ kind: 'ogg' });
		expect(sniff(enc('\0\0\0\x20ftypM4A \0\0\0\0'))).toEqual({ kind: 'm4a' });
		expect(sniff(enc('\0\0\0\x20ftypisom\0\0\0\0'))).toEqual({ kind: 'mp4' });
		expect(sniff(enc('\0\0\0\x20ftypisom\0\0\0\0'), 'ton.m4a')).toEqual({ kind: 'm4a' });
		expect(sniff(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1]))).toEqual({ kind: 'webm' });
		expect(sniff(enc('\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\nHallo'))).toEqual({ kind: 'vtt' });
		expect(sniff(enc('<?xml version="1.0"?>\n<!-- Zeichnung -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toEqual({ kind: 'svg' });
	});

	it('ignores the extension: a renamed program, archive or web page is named as what it is', async () => {
		expect(sniff(EXE, 'bild.png')).toEqual({ foreign: 'program' });
		expect(sniff(enc('PK\x03\x04rest'), 'folien.pdf')).toEqual({ foreign: 'archive' });
		expect(sniff(enc('<!DOCTYPE html><script>alert(1)</script>'), 'x.svg')).toEqual({ foreign: 'html' });
		expect(sniff(enc('just some text'), 'untertitel.vtt')).toEqual({ foreign: 'unknown' });
		expect(sniff(new Uint8Array([0xff, 0xd8]))).toEqual({ foreign: 'unknown' });
	});

	it('reads pixel dimensions from the headers', async () => {
		expect(imageSize('jpeg', JPEG)).toEqual({ width: 8, height: 6 });
		expect(imageSize('png', PNG)).toEqual({ width: 8, height: 6 });
		expect(imageSize('webp', WEBP)).toEqual({ width: 8, height: 6 });
		expect(imageSize('gif', gifWithComment())).toEqual({ width: 1, height: 1 });
	});
});

describe('stripMetadata', () => {
	it('a JPEG with EXIF GPS comes out without it, keeping only the orientation, and with the same scan', async () => {
		const input = jpegWith(exifSegment(6), appSegment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GeheimXMP</x:xmpmeta>'), appSegment(0xed, 'Photoshop 3.0\0GeheimIPTC'));
		expect(has(input, 'GeheimKamera')).toBe(true);
		const out = stripMetadata('jpeg', input)!;
		for (const secret of ['GeheimKamera', 'GeheimXMP', 'GeheimIPTC', 'ICC_PROFILE']) expect(has(out, secret)).toBe(false);
		const apps = appSegments(out);
		expect(apps.map(([marker]) => marker)).toEqual([0xe0, 0xe1]);
		const exif = apps[1]![1];
		expect(exifOrientation(exif)).toBe(6);
		// One IFD entry (the orientation) and no pointer to a GPS IFD.
		expect(exif.length).toBe(6 + 8 + 2 + 12 + 4);
		expect(has(exif, '\x88\x25')).toBe(false);
		const scan = (b: Uint8Array) => Buffer.from(b.subarray(Buffer.from(b).indexOf(Buffer.from([0xff, 0xda]))));
		expect(scan(out).equals(scan(JPEG))).toBe(true);
	});

	it('a JPEG whose EXIF says upright gets no EXIF at all', async () => {
		const out = stripMetadata('jpeg', jpegWith(exifSegment(1)))!;
		expect(appSegments(out).map(([marker]) => marker)).toEqual([0xe0]);
	});

	it('a PNG loses its text and eXIf chunks but keeps its pixels', async () => {
		const input = pngWithText();
		expect(has(input, 'GeheimerText')).toBe(true);
		const out = stripMetadata('png', input)!;
		expect(has(out, 'GeheimerText')).toBe(false);
		expect(has(out, 'eXIf')).toBe(false);
		expect(has(out, 'GeheimKamera')).toBe(false);
		expect(Buffer.from(out).equals(Buffer.from(PNG))).toBe(true);
	});

	it('a WebP loses its EXIF and XMP chunks and their header flags', async () => {
		const out = stripMetadata('webp', webpWithMetadata())!;
		expect(has(out, 'GeheimKamera')).toBe(false);
		expect(has(out, 'GeheimXMP')).toBe(false);
		expect(out[20]! & 0x0c).toBe(0);
		expect(new DataView(out.buffer, out.byteOffset).getUint32(4, true)).toBe(out.length - 8);
		expect(Buffer.from(out).equals(Buffer.from(WEBP))).toBe(true);
	});

	it('a GIF loses comments and XMP but keeps its looping extension', async () => {
		const out = stripMetadata('gif', gifWithComment())!;
		expect(has(out, 'GeheimNotiz')).toBe(false);
		expect(has(out, 'GeheimXMP')).toBe(false);
		expect(has(out, 'NETSCAPE2.0')).toBe(true);
		expect(out.at(-1)).toBe(0x3b);
	});

	it('refuses a truncated file instead of guessing', async () => {
		expect(stripMetadata('jpeg', JPEG.subarray(0, 100))).toBeUndefined();
		expect(stripMetadata('png', PNG.subarray(0, 50))).toBeUndefined();
	});
});

describe('svgProblem', () => {
	it('accepts plain drawings, including every SVG the seed courses and the template ship', async () => {
		expect(svgProblem('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/></svg>')).toBeUndefined();
		const seeds = readdirSync('courses', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.svg'));
		expect(seeds.length).toBeGreaterThan(0);
		for (const f of seeds) expect(svgProblem(readFileSync(`courses/${f}`, 'utf8')), f).toBeUndefined();
		const template = templateFiles({ id: '00000000-0000-4000-8000-000000000001', slug: 't', title: 'T' });
		expect(svgProblem(new TextDecoder().decode(template.get('assets/beispiel.svg')))).toBeUndefined();
	});

	it('refuses scripts, handlers, script links, embedded documents, entities and outside references', async () => {
		const cases: [string, string][] = [
			['<svg><script>alert(1)</script></svg>', 'element'],
			['<svg><svg:script>alert(1)</svg:script></svg>', 'element'],
			['<svg><foreignObject><iframe src="x"/></foreignObject></svg>', 'element'],
			['<svg><rect onclick="alert(1)"/></svg>', 'handler'],
			['<svg onload=alert(1)></svg>', 'handler'],
			['<svg><a href="&#106;avascript:alert(1)"><text>x</text></a></svg>', 'script-link'],
			['<svg><a xlink:href="java\nscript:alert(1)"/></svg>', 'script-link'],
			['<svg><image href="data:text/html;base64,PHNjcmlwdD4="/></svg>', 'script-link'],
			['<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', 'entities'],
			['<svg><image href="https://tracker.example/pixel.png"/></svg>', 'reference'],
			['<svg><rect style="fill: url(https://tracker.example/x)"/></svg>', 'reference'],
			['<svg><style>@import "https://x.example/a.css";</style></svg>', 'stylesheet']
		];
		for (const [svg, code] of cases) expect(svgProblem(svg)?.code, svg).toBe(code);
	});
});

describe('inspectAsset', () => {
	it('stores pictures without metadata', async () => {
		const r = await inspectAsset(jpegWith(exifSegment()));
		expect(r.ok && has(r.bytes, 'GeheimKamera')).toBe(false);
		expect(r.ok && r.kind).toBe('jpeg');
	});

	it('refuses a renamed program, an unsafe SVG, captions that are not UTF-8, an empty file', async () => {
		expect(await inspectAsset(EXE, 'foto.png')).toEqual({ ok: false, refusal: { reason: 'type', found: 'program' } });
		expect(await inspectAsset(enc('<svg><script>x</script></svg>'))).toMatchObject({ ok: false, refusal: { reason: 'svg' } });
		expect(await inspectAsset(new Uint8Array([...enc('WEBVTT\n\n00:00.000 --> 00:01.000\nGr'), 0xfc, 0x65]))).toEqual({ ok: false, refusal: { reason: 'encoding' } });
		expect(await inspectAsset(new Uint8Array())).toEqual({ ok: false, refusal: { reason: 'empty' } });
	});

	it('refuses pictures beyond the pixel limits, whatever their byte size', async () => {
		expect(await inspectAsset(pngClaiming(20_000, 10))).toEqual({ ok: false, refusal: { reason: 'dimensions', width: 20_000, height: 10 } });
		expect(await inspectAsset(pngClaiming(6000, 6000))).toEqual({ ok: false, refusal: { reason: 'dimensions', width: 6000, height: 6000 } });
		expect((await inspectAsset(pngClaiming(6000, 4000))).ok).toBe(true);
	});

	it('refuses files above their kind’s size limit', async () => {
		const pdf = new Uint8Array(21 * 1024 * 1024);
		pdf.set(enc('%PDF-1.7'));
		expect(await inspectAsset(pdf)).toMatchObject({ ok: false, refusal: { reason: 'size', kind: 'pdf' } });
	});

	it('writes a PDF anew without its information dictionary, XMP metadata and objects left from earlier saves', async () => {
		const doc = await PDFDocument.create();
		doc.addPage([200, 200]).drawText('Handout');
		doc.setAuthor('Erika Mustermann');
		doc.setTitle('Interner Titel');
		doc.setCreator('Textverarbeitung 7.1 auf RECHNER-42');
		const xmp = doc.context.stream('<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Erika Mustermann</dc:creator></x:xmpmeta>', { Type: 'Metadata', Subtype: 'XML' });
		doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
		doc.getPage(0).node.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream('<x:xmpmeta>Seite von Erika</x:xmpmeta>')));
		// What an earlier revision left behind: an object nothing refers to any more.
		doc.context.register(doc.context.obj({ Author: PDFString.of('Alter Autor') }));
		const original = await doc.save({ useObjectStreams: false });
		expect(has(original, 'Erika Mustermann')).toBe(true);

		const r = await inspectAsset(original, 'handout.pdf');
		if (!r.ok) throw new Error(JSON.stringify(r.refusal));
		expect(r.kind).toBe('pdf');
		for (const s of ['Erika', 'Interner Titel', 'RECHNER-42', 'Alter Autor', 'pdf-lib']) expect(has(r.bytes, s), s).toBe(false);
		const again = await PDFDocument.load(r.bytes, { updateMetadata: false });
		expect(again.getPageCount()).toBe(1);
		expect(again.getAuthor()).toBeUndefined();
		expect(again.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
	});

	it('refuses a PDF it cannot read', async () => {
		expect(await inspectAsset(enc('%PDF-1.7\nkein PDF\n'), 'x.pdf')).toEqual({ ok: false, refusal: { reason: 'unreadable', kind: 'pdf' } });
	});

	it('in a course folder, the extension must match the content', async () => {
		expect(extensionFits('assets/a.jpeg', 'jpeg')).toBe(true);
		expect(await inspectFolderAsset('assets/bild.png', JPEG)).toEqual({ ok: false, refusal: { reason: 'extension', kind: 'jpeg' } });
		expect((await inspectFolderAsset('assets/bild.jpg', JPEG)).ok).toBe(true);
	});
});

describe('assetFileName', () => {
	it('makes a safe name with the extension of what the file is', async () => {
		expect(assetFileName('Straßen Übersicht (final).JPG', 'jpeg')).toBe('strassen-ubersicht-final.jpg');
		expect(assetFileName('C:\\Users\\x\\..\\foto.png', 'jpeg')).toBe('foto.jpg');
		expect(assetFileName('../../etc/passwd', 'png')).toBe('passwd.png');
		expect(assetFileName('.png', 'png')).toBe('datei.png');
	});
});
