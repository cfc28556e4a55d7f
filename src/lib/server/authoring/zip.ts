import { Unzip, UnzipInflate, UnzipPassThrough, zipSync, type UnzipFile, type Zippable } from 'fflate';
import { KINDS } from './sniff';
import { MAX_COURSE_BYTES } from './assets';

/**
 * A course as a zip of its folder: `<slug>/course.md`, lessons, `assets/`, `translations/`. Unzipped, the
 * folder is what `npm run courses:check` and the seed import read.
 */
export function courseZip(slug: string, files: Map<string, Uint8Array>): Uint8Array {
	const tree: Zippable = {};
	// Pictures, audio and video are compressed already; deflating them again costs time for nothing.
	for (const [path, bytes] of files) tree[`${slug}/${path}`] = /\.(md|vtt|svg)$/i.test(path) ? bytes : [bytes, { level: 0 }];
	return zipSync(tree, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

export const ZIP_LIMITS = {
	/** Entries, directories included: a course has a few dozen files. */
	entries: 2000,
	/** All files unpacked together: the same ceiling as a course in the editor. */
	totalBytes: MAX_COURSE_BYTES,
	/** Text files (Markdown, captions) each. */
	textBytes: 1024 * 1024,
	/** Unpacked bytes per packed byte over the whole archive, beyond the first megabyte. */
	ratio: 100
};

export type ZipRefusal =
	| { reason: 'not_zip' }
	| { reason: 'entries'; max: number }
	| { reason: 'bomb' }
	| { reason: 'total'; max: number }
	| { reason: 'entry_size'; file: string; max: number }
	| { reason: 'path'; file: string }
	| { reason: 'duplicate'; file: string }
	| { reason: 'damaged'; file: string }
	| { reason: 'no_course' };

export type ReadZip = { ok: true; files: Map<string, Uint8Array>; folder?: string } | { ok: false; refusal: ZipRefusal };

/** Why a path inside a zip is unsafe to take over, or undefined when it is a plain relative path. */
export function unsafePath(name: string): boolean {
	if (!name || name.length > 300) return true;
	if (name.includes('\\') || name.startsWith('/') || /^[a-z]:/i.test(name)) return true;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(name)) return true;
	const parts = name.replace(/\/$/, '').split('/');
	return parts.some((p) => p === '' || p === '.' || p === '..');
}

/** Per-file limit by extension: the kind's own limit for media, 1 MB for text. */
function entryLimit(path: string): number {
	const ext = path.split('.').pop()!.toLowerCase();
	if (ext === 'md' || ext === 'vtt') return ZIP_LIMITS.textBytes;
	const kind = Object.values(KINDS).find((k) => k.ext === ext || (ext === 'jpeg' && k.ext === 'jpg'));
	return kind?.maxBytes ?? ZIP_LIMITS.textBytes;
}

/** Ignored on import: what operating systems add to zips (`__MACOSX/`, `.DS_Store`) and hidden files. */
const ignored = (name: string) => name.split('/').some((p) => p.startsWith('.') || p === '__MACOSX');

/**
 * Unpacks a zip in memory with every limit checked while inflating: entry count, bytes per file, bytes in
 * total and the packing ratio, so a zip bomb stops after at most a few megabytes, not after filling memory.
 * Paths are refused, not repaired, when they are absolute, climb out (`..`) or use backslashes.
 * One top-level folder (the course folder) is taken off when course.md is not at the root.
 */
export function readCourseZip(zip: Uint8Array): ReadZip {
	if (zip.length < 22 || zip[0] !== 0x50 || zip[1] !== 0x4b) return { ok: false, refusal: { reason: 'not_zip' } };
	const raw = new Map<string, Uint8Array>();
	let refusal: ZipRefusal | undefined;
	let entries = 0;
	let total = 0;
	let consumed = 0;
	const unzip = new Unzip();
	unzip.register(UnzipInflate);
	unzip.register(UnzipPassThrough);
	unzip.onfile = (file: UnzipFile) => {
		if (refusal) return;
		if (++entries > ZIP_LIMITS.entries) return void (refusal = { reason: 'entries', max: ZIP_LIMITS.entries });
		const name = file.name;
		if (unsafePath(name)) return void (refusal = { reason: 'path', file: name.slice(0, 200) });
		if (name.endsWith('/') || ignored(name)) return;
		if (raw.has(name)) return void (refusal = { reason: 'duplicate', file: name });
		const limit = entryLimit(name);
		const chunks: Uint8Array[] = [];
		let size = 0;
		file.ondata = (err, data, final) => {
			if (refusal) return;
			if (err) return void (refusal = { reason: 'damaged', file: name });
			size += data.length;
			total += data.length;
			if (size > limit) refusal = { reason: 'entry_size', file: name, max: limit };
			else if (total > ZIP_LIMITS.totalBytes) refusal = { reason: 'total', max: ZIP_LIMITS.totalBytes };
			else if (total > 1024 * 1024 && total > ZIP_LIMITS.ratio * Math.max(consumed, 1)) refusal = { reason: 'bomb' };
			if (refusal) return file.terminate();
			chunks.push(data);
			if (final) raw.set(name, join(chunks, size));
		};
		try {
			file.start();
		} catch {
			refusal = { reason: 'damaged', file: name };
		}
	};
	// Small input pieces bound what one push can inflate (deflate expands at most ~1000:1).
	const STEP = 4096;
	try {
		for (let at = 0; at < zip.length && !refusal; at += STEP) {
			consumed = Math.min(zip.length, at + STEP);
			unzip.push(zip.subarray(at, consumed), consumed === zip.length);
		}
	} catch {
		refusal ??= { reason: 'not_zip' };
	}
	if (refusal) return { ok: false, refusal };
	return stripFolder(raw);
}

function join(chunks: Uint8Array[], size: number): Uint8Array {
	if (chunks.length === 1) return chunks[0]!;
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

function stripFolder(raw: Map<string, Uint8Array>): ReadZip {
	if (raw.has('course.md')) return { ok: true, files: raw };
	const tops = new Set([...raw.keys()].map((k) => k.split('/')[0]!));
	const [folder] = tops;
	if (tops.size !== 1 || !raw.has(`${folder}/course.md`)) return { ok: false, refusal: { reason: 'no_course' } };
	const files = new Map<string, Uint8Array>();
	for (const [k, v] of raw) files.set(k.slice(folder!.length + 1), v);
	return { ok: true, files, folder };
}
