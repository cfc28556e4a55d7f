import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courseDraftFiles, courseDrafts } from '../db/schema';
import { ASSET_TYPES } from '../courses/build';
import { m } from '$lib/paraglide/messages';
import { imageSize, isUtf8, KINDS, sniff, type AssetKind, type Foreign } from './sniff';
import { stripMetadata } from './strip-metadata';
import { stripPdf } from './strip-pdf';
import { svgProblem, type SvgProblem } from './svg';

/** Larger pictures would take a learner's browser hundreds of megabytes to show, and no lesson needs them. */
export const MAX_SIDE = 12_000;
export const MAX_PIXELS = 25_000_000;
/** All files of one course together: what a zip import or an upload may bring the draft to. */
export const MAX_COURSE_BYTES = 200 * 1024 * 1024;

export type AssetRefusal =
	| { reason: 'type'; found: Foreign }
	| { reason: 'extension'; kind: AssetKind }
	| { reason: 'size'; kind: AssetKind; max: number }
	| { reason: 'dimensions'; width: number; height: number }
	| { reason: 'unreadable'; kind: AssetKind }
	| { reason: 'svg'; problem: SvgProblem }
	| { reason: 'encoding' }
	| { reason: 'empty' };

export type Inspected = { ok: true; kind: AssetKind; bytes: Uint8Array } | { ok: false; refusal: AssetRefusal };

/**
 * Everything an asset must pass before it is stored, whichever way it arrives (upload or zip): its content
 * is an accepted kind, within that kind's size, a picture within the pixel limits and without metadata, a PDF without its metadata,
 * an SVG without active content, captions in UTF-8. Returns the bytes to store (metadata removed).
 */
export async function inspectAsset(bytes: Uint8Array, nameHint = ''): Promise<Inspected> {
	if (!bytes.length) return { ok: false, refusal: { reason: 'empty' } };
	const found = sniff(bytes, nameHint);
	if ('foreign' in found) return { ok: false, refusal: { reason: 'type', found: found.foreign } };
	const { kind } = found;
	const info = KINDS[kind];
	if (bytes.length > info.maxBytes) return { ok: false, refusal: { reason: 'size', kind, max: info.maxBytes } };
	if (info.family === 'image') {
		const size = imageSize(kind, bytes);
		if (!size || !size.width || !size.height) return { ok: false, refusal: { reason: 'unreadable', kind } };
		if (size.width > MAX_SIDE || size.height > MAX_SIDE || size.width * size.height > MAX_PIXELS)
			return { ok: false, refusal: { reason: 'dimensions', ...size } };
		const stripped = stripMetadata(kind, bytes);
		if (!stripped) return { ok: false, refusal: { reason: 'unreadable', kind } };
		return { ok: true, kind, bytes: stripped };
	}
	if (kind === 'pdf') {
		const stripped = await stripPdf(bytes);
		if (!stripped) return { ok: false, refusal: { reason: 'unreadable', kind } };
		if (stripped.length > info.maxBytes) return { ok: false, refusal: { reason: 'size', kind, max: info.maxBytes } };
		return { ok: true, kind, bytes: stripped };
	}
	if (kind === 'svg' || kind === 'vtt') {
		if (!isUtf8(bytes)) return { ok: false, refusal: { reason: 'encoding' } };
		if (kind === 'svg') {
			const problem = svgProblem(new TextDecoder().decode(bytes));
			if (problem) return { ok: false, refusal: { reason: 'svg', problem } };
		}
	}
	return { ok: true, kind, bytes };
}

/** Whether a path's extension is served with the same content type as the detected kind (jpg ≙ jpeg). */
export function extensionFits(path: string, kind: AssetKind): boolean {
	const ext = path.split('.').pop()!.toLowerCase();
	return !!ASSET_TYPES[ext] && ASSET_TYPES[ext] === ASSET_TYPES[KINDS[kind].ext];
}

/** An asset arriving inside a course folder (zip): its path is referenced by the lessons, so it must fit. */
export async function inspectFolderAsset(path: string, bytes: Uint8Array): Promise<Inspected> {
	const r = await inspectAsset(bytes, path);
	if (r.ok && !extensionFits(path, r.kind)) return { ok: false, refusal: { reason: 'extension', kind: r.kind } };
	return r;
}

/**
 * The stored name of an upload: the uploaded name made safe for a URL and a course folder (lowercase a–z,
 * 0–9, dashes), with the extension of what the file really is.
 */
export function assetFileName(uploaded: string, kind: AssetKind): string {
	const base = uploaded.split(/[\\/]/).pop() ?? '';
	const stem = base
		.replace(/\.[^.]*$/, '')
		.replace(/ß/g, 'ss')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	return `${stem || 'datei'}.${KINDS[kind].ext}`;
}

const fmtMb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The refusal in the user's language, naming the file. */
export function refusalMessage(file: string, r: AssetRefusal): string {
	switch (r.reason) {
		case 'empty':
			return m.asset_error_empty({ file });
		case 'type':
			return m.asset_error_type({ file, found: foundLabel(r.found) });
		case 'extension':
			return m.asset_error_extension({ file, type: KINDS[r.kind].label });
		case 'size':
			return m.asset_error_size({ file, type: KINDS[r.kind].label, max: fmtMb(r.max) });
		case 'dimensions':
			return m.asset_error_dimensions({ file, width: r.width, height: r.height, max: MAX_SIDE, megapixels: MAX_PIXELS / 1_000_000 });
		case 'unreadable':
			return m.asset_error_unreadable({ file, type: KINDS[r.kind].label });
		case 'svg':
			return m.asset_error_svg({ file, detail: svgLabel(r.problem) });
		case 'encoding':
			return m.asset_error_encoding({ file });
	}
}

function svgLabel(p: SvgProblem): string {
	switch (p.code) {
		case 'element':
			return m.asset_svg_element({ name: p.name });
		case 'reference':
			return m.asset_svg_reference({ target: p.target });
		case 'entities':
			return m.asset_svg_entities();
		case 'stylesheet':
			return m.asset_svg_stylesheet();
		case 'handler':
			return m.asset_svg_handler();
		case 'script-link':
			return m.asset_svg_script_link();
	}
}

function foundLabel(found: Foreign): string {
	if (found === 'program') return m.asset_found_program();
	if (found === 'archive') return m.asset_found_archive();
	if (found === 'html') return m.asset_found_html();
	return m.asset_found_unknown();
}

/** Bytes of all files of a draft, optionally without one path (the one about to be replaced). */
export async function draftBytes(db: DbOrTx, courseId: string, except?: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<string>`coalesce(sum(octet_length(${courseDraftFiles.bytes})), 0)` })
		.from(courseDraftFiles)
		.where(except ? and(eq(courseDraftFiles.courseId, courseId), sql`${courseDraftFiles.path} <> ${except}`) : eq(courseDraftFiles.courseId, courseId));
	return Number(row?.n ?? 0);
}

export type StoreOutcome = 'stored' | 'exists' | 'course_full';

/** Stores an inspected asset under `assets/<name>`; replaces a file of that name only when asked to. */
export async function storeAsset(db: DbOrTx, courseId: string, path: string, bytes: Uint8Array, userId: string, replace: boolean): Promise<StoreOutcome> {
	const [existing] = await db
		.select({ revision: courseDraftFiles.revision })
		.from(courseDraftFiles)
		.where(and(eq(courseDraftFiles.courseId, courseId), eq(courseDraftFiles.path, path)));
	if (existing && !replace) return 'exists';
	if ((await draftBytes(db, courseId, path)) + bytes.length > MAX_COURSE_BYTES) return 'course_full';
	const now = new Date();
	await db
		.insert(courseDraftFiles)
		.values({ courseId, path, bytes, updatedBy: userId, updatedAt: now })
		.onConflictDoUpdate({
			target: [courseDraftFiles.courseId, courseDraftFiles.path],
			set: { bytes, updatedBy: userId, updatedAt: now, revision: sql`${courseDraftFiles.revision} + 1` }
		});
	await db.update(courseDrafts).set({ updatedAt: now }).where(eq(courseDrafts.courseId, courseId));
	return 'stored';
}

export const isAssetPath = (path: string) => /^assets\/[^/]/.test(path) && !path.split('/').some((p) => p === '..' || p === '.' || p === '');
