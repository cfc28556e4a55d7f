import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courseDraftFiles, courseDrafts } from '../db/schema';
import { buildCourse } from '../courses/build';
import { formatProblem } from '../courses/problems';
import { writeAudit } from '../audit';
import { m } from '$lib/paraglide/messages';
import { inspectFolderAsset, refusalMessage } from './assets';
import { rewriteFrontMatter } from './drafts';
import { isUtf8 } from './sniff';
import { readCourseZip, ZIP_LIMITS, type ZipRefusal } from './zip';

export type PreparedImport = { ok: true; files: Map<string, Uint8Array> } | { ok: false; messages: string[] };

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export function zipRefusalMessage(r: ZipRefusal): string {
	switch (r.reason) {
		case 'not_zip':
			return m.zip_error_not_zip();
		case 'entries':
			return m.zip_error_entries({ max: r.max });
		case 'bomb':
			return m.zip_error_bomb({ ratio: ZIP_LIMITS.ratio });
		case 'total':
			return m.zip_error_total({ max: MB(r.max) });
		case 'entry_size':
			return m.zip_error_entry_size({ file: r.file, max: MB(r.max) });
		case 'path':
			return m.zip_error_path({ file: r.file });
		case 'duplicate':
			return m.zip_error_duplicate({ file: r.file });
		case 'damaged':
			return m.zip_error_damaged({ file: r.file });
		case 'no_course':
			return m.zip_error_no_course();
	}
}

/**
 * Everything a zip must pass before one byte of it is written: safe unpacking (zip.ts), UTF-8 text, every
 * asset through the same checks as an upload (metadata stripped), the course's id and slug set to the
 * target's, and a build without problems. Returns the files to store, or every reason at once.
 */
export async function prepareZipImport(zip: Uint8Array, target: { courseId: string; slug: string }): Promise<PreparedImport> {
	const read = readCourseZip(zip);
	if (!read.ok) return { ok: false, messages: [zipRefusalMessage(read.refusal)] };
	const files = new Map<string, Uint8Array>();
	const messages: string[] = [];
	for (const [path, bytes] of read.files) {
		if (path.startsWith('assets/')) {
			const r = await inspectFolderAsset(path, bytes);
			if (!r.ok) messages.push(refusalMessage(path, r.refusal));
			else files.set(path, r.bytes);
			continue;
		}
		if (/\.(md|vtt)$/i.test(path) && !isUtf8(bytes)) {
			messages.push(m.zip_error_utf8({ file: path }));
			continue;
		}
		if (path === 'course.md' || /^translations\/[^/]+\/course\.md$/.test(path)) {
			files.set(path, new TextEncoder().encode(rewriteFrontMatter(new TextDecoder().decode(bytes), { id: target.courseId, slug: target.slug })));
		} else files.set(path, bytes);
	}
	if (messages.length) return { ok: false, messages };
	const build = buildCourse(target.slug, files);
	if (build.problems.length) return { ok: false, messages: [m.zip_error_problems({ n: build.problems.length }), ...build.problems.slice(0, 20).map((p) => formatProblem(p, ''))] };
	return { ok: true, files };
}

/** Replaces every file of a draft with the imported ones; call inside a transaction (all or nothing). */
export async function replaceDraftFiles(db: DbOrTx, courseId: string, files: Map<string, Uint8Array>, userId: string) {
	await db.delete(courseDraftFiles).where(eq(courseDraftFiles.courseId, courseId));
	for (const [path, bytes] of files) await db.insert(courseDraftFiles).values({ courseId, path, bytes, updatedBy: userId });
	await db.update(courseDrafts).set({ updatedAt: new Date() }).where(eq(courseDrafts.courseId, courseId));
	await writeAudit(db, { actorId: userId, action: 'course.draft_imported', targetType: 'course', targetId: courseId, details: { files: files.size } });
}
