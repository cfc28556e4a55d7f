/**
 * What a file is, read from its first bytes. The name's extension never decides: a renamed program stays
 * a program. Only the kinds a course may ship are recognised; a few common others are named so the
 * refusal can say what was found.
 */
export type AssetKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'svg' | 'pdf' | 'mp3' | 'ogg' | 'm4a' | 'mp4' | 'webm' | 'vtt';
export type Family = 'image' | 'svg' | 'pdf' | 'audio' | 'video' | 'captions';

export interface KindInfo {
	family: Family;
	/** The extension a stored file gets, whatever the uploaded name said. */
	ext: string;
	/** Bytes; generous for course material, small enough for the database and a learner's download. */
	maxBytes: number;
	label: string;
}

const MB = 1024 * 1024;
export const KINDS: Record<AssetKind, KindInfo> = {
	png: { family: 'image', ext: 'png', maxBytes: 8 * MB, label: 'PNG' },
	jpeg: { family: 'image', ext: 'jpg', maxBytes: 8 * MB, label: 'JPEG' },
	gif: { family: 'image', ext: 'gif', maxBytes: 8 * MB, label: 'GIF' },
	webp: { family: 'image', ext: 'webp', maxBytes: 8 * MB, label: 'WebP' },
	svg: { family: 'svg', ext: 'svg', maxBytes: 1 * MB, label: 'SVG' },
	pdf: { family: 'pdf', ext: 'pdf', maxBytes: 20 * MB, label: 'PDF' },
	mp3: { family: 'audio', ext: 'mp3', maxBytes: 25 * MB, label: 'MP3' },
	ogg: { family: 'audio', ext: 'ogg', maxBytes: 25 * MB, label: 'OGG' },
	m4a: { family: 'audio', ext: 'm4a', maxBytes: 25 * MB, label: 'M4A' },
	mp4: { family: 'video', ext: 'mp4', maxBytes: 50 * MB, label: 'MP4' },
	webm: { family: 'video', ext: 'webm', maxBytes: 50 * MB, label: 'WebM' },
	vtt: { family: 'captions', ext: 'vtt', maxBytes: 1 * MB, label: 'WebVTT' }
};

/** Not accepted, but worth naming in the message. */
export type Foreign = 'program' | 'archive' | 'html' | 'unknown';

const ascii = (b: Uint8Array, at: number, s: string) => {
	if (b.length < at + s.length) return false;
	for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
	return true;
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
export const isUtf8 = (b: Uint8Array) => {
	try {
		utf8.decode(b);
		return true;
	} catch {
		return false;
	}
};

/** An MPEG audio frame header: sync bits, a real layer, a bitrate index that is neither free nor bad. */
function mpegFrame(b: Uint8Array, at = 0) {
	if (b.length < at + 4) return false;
	const [x, y, z] = [b[at]!, b[at + 1]!, b[at + 2]!];
	return x === 0xff && (y & 0xe0) === 0xe0 && (y & 0x06) !== 0 && (y & 0x18) !== 0x08 && z >> 4 !== 0x0f && z >> 4 !== 0 && ((z >> 2) & 3) !== 3;
}

const SVG_START = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>/]/i;

/**
 * The kind of a file from its content. `nameHint` only separates M4A audio from MP4 video, which share
 * a container and often a brand: both are accepted, and both are inert media.
 */
export function sniff(b: Uint8Array, nameHint = ''): { kind: AssetKind } | { foreign: Foreign } {
	if (ascii(b, 0, '\x89PNG\r\n\x1a\n')) return { kind: 'png' };
	if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'jpeg' };
	if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return { kind: 'gif' };
	if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { kind: 'webp' };
	if (ascii(b, 0, '%PDF-')) return { kind: 'pdf' };
	if (ascii(b, 0, 'OggS')) return { kind: 'ogg' };
	if (ascii(b, 0, 'ID3') || mpegFrame(b)) return { kind: 'mp3' };
	if (ascii(b, 4, 'ftyp')) {
		const brand = String.fromCharCode(...b.subarray(8, 12));
		if (/^M4[ABP] $/.test(brand) || /\.m4a$/i.test(nameHint)) return { kind: 'm4a' };
		return { kind: 'mp4' };
	}
	if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { kind: 'webm' };
	if (ascii(b, 0, 'MZ') || ascii(b, 0, '\x7fELF') || ascii(b, 0, '\xca\xfe\xba\xbe') || ascii(b, 0, '\xcf\xfa\xed\xfe') || ascii(b, 0, '#!'))
		return { foreign: 'program' };
	if (ascii(b, 0, 'PK\x03\x04') || ascii(b, 0, '\x1f\x8b') || ascii(b, 0, 'Rar!') || ascii(b, 0, '7z\xbc\xaf')) return { foreign: 'archive' };

	// Text formats are recognised by their ASCII start; whether the rest is valid UTF-8 is checked later,
	// so a caption file in Latin-1 is named as such instead of as an unknown file.
	const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
	const head = new TextDecoder('latin1').decode(b.subarray(bom, bom + 64 * 1024));
	if (/^WEBVTT(?:[ \t\r\n]|$)/.test(head)) return { kind: 'vtt' };
	if (SVG_START.test(head)) return { kind: 'svg' };
	if (/^\s*(?:<!DOCTYPE\s+html|<html|<script|<head|<body)/i.test(head)) return { foreign: 'html' };
	return { foreign: 'unknown' };
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/** Pixel dimensions from the header, without decoding; undefined when the header cannot be read. */
export function imageSize(kind: AssetKind, b: Uint8Array): { width: number; height: number } | undefined {
	if (kind === 'png') {
		if (b.length < 24 || !ascii(b, 12, 'IHDR')) return undefined;
		return { width: u32be(b, 16), height: u32be(b, 20) };
	}
	if (kind === 'gif') return b.length >= 10 ? { width: u16le(b, 6), height: u16le(b, 8) } : undefined;
	if (kind === 'jpeg') {
		let at = 2;
		while (at + 4 <= b.length) {
			if (b[at] !== 0xff) return undefined;
			const marker = b[at + 1]!;
			if (marker === 0xff) {
				at++;
				continue;
			}
			const len = u16be(b, at + 2);
			// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
			if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
				if (at + 9 > b.length) return undefined;
				return { width: u16be(b, at + 7), height: u16be(b, at + 5) };
			}
			if (marker === 0xda) return undefined;
			at += 2 + len;
		}
		return undefined;
	}
	if (kind === 'webp') {
		const chunk = String.fromCharCode(...b.subarray(12, 16));
		const d = 20;
		if (chunk === 'VP8X' && b.length >= d + 10) return { width: u24le(b, d + 4) + 1, height: u24le(b, d + 7) + 1 };
		if (chunk === 'VP8 ' && b.length >= d + 10 && b[d + 3] === 0x9d && b[d + 4] === 0x01 && b[d + 5] === 0x2a)
			return { width: u16le(b, d + 6) & 0x3fff, height: u16le(b, d + 8) & 0x3fff };
		if (chunk === 'VP8L' && b.length >= d + 5 && b[d] === 0x2f) {
			const bits = b[d + 1]! | (b[d + 2]! << 8) | (b[d + 3]! << 16) | (b[d + 4]! << 24);
			return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
		}
		return undefined;
	}
	return undefined;
}
