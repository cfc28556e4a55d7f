/**
 * Removes what a camera or editing program writes about a picture besides the picture: EXIF (GPS position,
 * device serial numbers, capture time), XMP, IPTC, comments and text chunks. Rewrites the container
 * without decoding the image, so pixels stay bit-identical and no native library is needed.
 *
 * Returns undefined when the file's structure cannot be walked (the upload is refused then: a file we
 * cannot read is not a file we can vouch for).
 */
import type { AssetKind } from './sniff';

export function stripMetadata(kind: AssetKind, b: Uint8Array): Uint8Array | undefined {
	switch (kind) {
		case 'jpeg':
			return stripJpeg(b);
		case 'png':
			return stripPng(b);
		case 'webp':
			return stripWebp(b);
		case 'gif':
			return stripGif(b);
		default:
			return b;
	}
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
const u32le = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const tag = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** The EXIF orientation (1–8) of a JPEG's APP1 segment body, if it has one. */
export function exifOrientation(app1: Uint8Array): number | undefined {
	if (tag(app1, 0, 6) !== 'Exif\0\0') return undefined;
	const t = app1.subarray(6);
	const le = tag(t, 0, 2) === 'II';
	if (!le && tag(t, 0, 2) !== 'MM') return undefined;
	const r16 = (at: number) => (le ? t[at]! | (t[at + 1]! << 8) : u16be(t, at));
	const r32 = (at: number) => (le ? u32le(t, at) : u32be(t, at));
	const ifd = r32(4);
	if (ifd + 2 > t.length) return undefined;
	const count = r16(ifd);
	for (let i = 0; i < count; i++) {
		const e = ifd + 2 + i * 12;
		if (e + 12 > t.length) return undefined;
		if (r16(e) === 0x0112) {
			const v = r16(e + 8);
			return v >= 1 && v <= 8 ? v : undefined;
		}
	}
	return undefined;
}

/**
 * A minimal EXIF segment holding only the orientation: dropping it would show portrait photos sideways,
 * and it tells nothing about the person who took them.
 */
function orientationSegment(orientation: number): Uint8Array {
	const body = [
		...[0x45, 0x78, 0x69, 0x66, 0, 0], // Exif\0\0
		...[0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8], // big-endian TIFF header, IFD0 at 8
		...[0, 1], // one entry
		...[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0], // Orientation, SHORT, 1 value
		...[0, 0, 0, 0] // no next IFD
	];
	const len = body.length + 2;
	return new Uint8Array([0xff, 0xe1, len >> 8, len & 0xff, ...body]);
}

/**
 * JPEG: keeps APP0 "JFIF" and APP14 "Adobe" (it says how to convert the colours of CMYK files), drops every
 * other APPn segment (EXIF, XMP, IPTC, ICC, maker notes) and comments. Everything from the first scan on is
 * copied as it is.
 */
function stripJpeg(b: Uint8Array): Uint8Array | undefined {
	if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
	const parts: Uint8Array[] = [b.subarray(0, 2)];
	let orientation: number | undefined;
	let jfif = false;
	let at = 2;
	while (at + 4 <= b.length) {
		if (b[at] !== 0xff) return undefined;
		const marker = b[at + 1]!;
		if (marker === 0xff) {
			at++;
			continue;
		}
		if (marker === 0xd9) break;
		const len = u16be(b, at + 2);
		if (len < 2 || at + 2 + len > b.length) return undefined;
		const seg = b.subarray(at, at + 2 + len);
		const body = seg.subarray(4);
		if (marker === 0xda) {
			// After JFIF when there is one: JFIF requires its APP0 to come first.
			if (orientation && orientation !== 1) parts.splice(jfif ? 2 : 1, 0, orientationSegment(orientation));
			parts.push(b.subarray(at));
			return concat(parts);
		}
		const isApp = marker >= 0xe0 && marker <= 0xef;
		if (marker === 0xe1) orientation ??= exifOrientation(body);
		const keep = (marker === 0xe0 && tag(body, 0, 5) === 'JFIF\0') || (marker === 0xee && tag(body, 0, 5) === 'Adobe') || (!isApp && marker !== 0xfe);
		if (keep) parts.push(seg);
		if (keep && marker === 0xe0 && parts.length === 2) jfif = true;
		at += 2 + len;
	}
	return undefined;
}

/**
 * PNG: keeps the chunks that decide how the picture looks (critical chunks, transparency, colour space,
 * pixel size, animation) and drops the rest: tEXt/zTXt/iTXt (where XMP lives), eXIf, tIME, private chunks.
 */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT', 'cICP']);
function stripPng(b: Uint8Array): Uint8Array | undefined {
	const parts: Uint8Array[] = [b.subarray(0, 8)];
	let at = 8;
	while (at + 12 <= b.length) {
		const len = u32be(b, at);
		const type = tag(b, at + 4, 4);
		const end = at + 12 + len;
		if (end > b.length) return undefined;
		if (PNG_KEEP.has(type)) parts.push(b.subarray(at, end));
		at = end;
		if (type === 'IEND') return concat(parts);
	}
	return undefined;
}

/** WebP: drops the EXIF and XMP chunks and clears their flags in the extended header. */
function stripWebp(b: Uint8Array): Uint8Array | undefined {
	const parts: Uint8Array[] = [];
	let at = 12;
	const riffEnd = Math.min(b.length, 8 + u32le(b, 4));
	while (at + 8 <= riffEnd) {
		const type = tag(b, at, 4);
		const len = u32le(b, at + 4);
		const end = at + 8 + len + (len & 1);
		if (at + 8 + len > b.length) return undefined;
		if (type !== 'EXIF' && type !== 'XMP ') {
			const chunk = b.slice(at, Math.min(end, b.length));
			if (type === 'VP8X' && chunk.length > 8) chunk[8]! &= ~0x0c;
			parts.push(chunk);
		}
		at = end;
	}
	if (!parts.length) return undefined;
	const body = concat(parts);
	const header = new Uint8Array(12);
	header.set(b.subarray(0, 4));
	new DataView(header.buffer).setUint32(4, body.length + 4, true);
	header.set(b.subarray(8, 12), 8);
	return concat([header, body]);
}

/**
 * GIF: drops comment extensions and application extensions other than the looping ones (NETSCAPE2.0,
 * ANIMEXTS1.0); XMP in a GIF is an application extension.
 */
function stripGif(b: Uint8Array): Uint8Array | undefined {
	if (b.length < 13) return undefined;
	const flags = b[10]!;
	let at = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
	const parts: Uint8Array[] = [b.subarray(0, at)];
	/** End of a run of data sub-blocks starting at `p` (after its zero terminator). */
	const subBlocks = (p: number) => {
		while (p < b.length) {
			const n = b[p]!;
			p += 1 + n;
			if (n === 0) return p;
		}
		return -1;
	};
	while (at < b.length) {
		const intro = b[at]!;
		if (intro === 0x3b) {
			parts.push(b.subarray(at, at + 1));
			return concat(parts);
		}
		if (intro === 0x21) {
			const label = b[at + 1]!;
			const end = subBlocks(at + 2);
			if (end < 0) return undefined;
			const app = label === 0xff ? tag(b, at + 3, 11) : '';
			const keep = label !== 0xfe && (label !== 0xff || app === 'NETSCAPE2.0' || app === 'ANIMEXTS1.0');
			if (keep) parts.push(b.subarray(at, end));
			at = end;
		} else if (intro === 0x2c) {
			if (at + 10 > b.length) return undefined;
			const f = b[at + 9]!;
			const start = at;
			at += 10 + (f & 0x80 ? 3 * (1 << ((f & 7) + 1)) : 0) + 1; // descriptor, local table, LZW minimum code size
			const end = subBlocks(at);
			if (end < 0) return undefined;
			parts.push(b.subarray(start, end));
			at = end;
		} else return undefined;
	}
	return undefined;
}
