import path from 'node:path';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { courseAssets, courseImports, courses, courseVersions } from '../db/schema';
import { assetHash, buildCourse } from './build';
import { courseFolders, readFolder } from './folder';
import type { CourseAsset } from './model';
import type { Problem } from './source';

export type ImportStatus = 'created' | 'new_version' | 'unchanged' | 'invalid';
export interface ImportOutcome {
	folder: string;
	status: ImportStatus;
	courseId?: string;
	versionNumber?: number;
	problems: Problem[];
}

/** Any constant: one import at a time per database, also across processes on PostgreSQL. */
const IMPORT_LOCK = 7_240_514;

/** Where a set of course files comes from: a folder of `courses/`, or a draft published in the editor. */
export interface ImportSource {
	/** The folder name; course.md's slug must equal it. */
	folder: string;
	files: Map<string, Uint8Array>;
	origin: 'folder' | 'editor';
	publishedBy?: string | null;
	note?: string | null;
	/** For drafts: the course id the files must carry (a draft never publishes over another course). */
	courseId?: string;
}

/**
 * Imports one course folder as a new course version when its content changed. A folder that does not
 * validate changes nothing but its row in `course_imports`: the last good version stays live.
 */
export async function importCourseFolder(db: Db, dir: string): Promise<ImportOutcome> {
	return importCourseFiles(db, { folder: path.basename(dir), files: await readFolder(dir), origin: 'folder' });
}

/**
 * The one way a course version comes into being, for folders and for the editor alike: build and validate
 * the files, then (only when there is no problem) store every file's bytes and a new version, all in one
 * transaction — a publish that fails half-way publishes nothing.
 */
export async function importCourseFiles(db: Db, source: ImportSource): Promise<ImportOutcome> {
	const { folder, files } = source;
	const build = buildCourse(folder, files);
	const fromFolder = source.origin === 'folder';
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
		const record = (outcome: ImportOutcome, versionId?: string) =>
			fromFolder ? recordAttempt(tx, outcome, build.hash, versionId) : Promise.resolve(outcome);
		const content = build.content;
		if (!content) return record({ folder, status: 'invalid', problems: build.problems });
		if (source.courseId && content.id !== source.courseId) {
			const problem = { file: 'course.md', line: 2, column: 1, message: `id must stay ${source.courseId}: a course's id never changes` };
			return record({ folder, status: 'invalid', problems: [problem] });
		}

		const [existing] = await tx.select().from(courses).where(eq(courses.id, content.id));
		const [slugOwner] = await tx.select().from(courses).where(eq(courses.slug, content.slug));
		if (slugOwner && slugOwner.id !== content.id) {
			const problem = { file: 'course.md', line: 1, column: 1, message: `slug "${content.slug}" belongs to another course (id ${slugOwner.id}); a course's id never changes` };
			return record({ folder, status: 'invalid', problems: [problem] });
		}
		if (fromFolder) {
			// A folder unchanged since its last good import changes nothing, even when the course has newer
			// versions published in the editor since: restarting the server must not undo a trainer's publish.
			const [last] = await tx.select().from(courseImports).where(eq(courseImports.folder, folder));
			if (last?.ok && last.contentHash === build.hash && last.versionId && existing) {
				const [v] = await tx.select({ number: courseVersions.number, files: courseVersions.files }).from(courseVersions).where(eq(courseVersions.id, last.versionId));
				if (v) {
					if (!v.files) await keepFiles(tx, last.versionId, files, content.assets);
					return record({ folder, status: 'unchanged', courseId: content.id, versionNumber: v.number, problems: [] }, last.versionId);
				}
			}
		}
		if (!existing) await tx.insert(courses).values({ id: content.id, slug: content.slug });
		else if (existing.slug !== content.slug) await tx.update(courses).set({ slug: content.slug }).where(eq(courses.id, content.id));

		const [latest] = await tx
			.select({ id: courseVersions.id, number: courseVersions.number, contentHash: courseVersions.contentHash, files: courseVersions.files })
			.from(courseVersions)
			.where(eq(courseVersions.courseId, content.id))
			.orderBy(desc(courseVersions.number))
			.limit(1);
		if (latest?.contentHash === build.hash) {
			if (!latest.files) await keepFiles(tx, latest.id, files, content.assets);
			await tx.update(courses).set({ liveVersionId: latest.id }).where(eq(courses.id, content.id));
			return record({ folder, status: 'unchanged', courseId: content.id, versionNumber: latest.number, problems: [] }, latest.id);
		}

		const fileHashes = await storeFiles(tx, files, content.assets);
		const number = (latest?.number ?? 0) + 1;
		const [version] = await tx
			.insert(courseVersions)
			.values({
				courseId: content.id,
				number,
				declaredVersion: content.version,
				contentHash: build.hash,
				content,
				files: fileHashes,
				publishedBy: source.publishedBy ?? null,
				note: source.note ?? null
			})
			.returning({ id: courseVersions.id });
		await tx.update(courses).set({ liveVersionId: version!.id, updatedAt: new Date() }).where(eq(courses.id, content.id));
		const status = existing ? 'new_version' : 'created';
		return record({ folder, status, courseId: content.id, versionNumber: number, problems: [] }, version!.id);
	});
}

/**
 * Stores every file's bytes by hash (assets with their served type, Markdown as text) and returns the
 * path → hash map a version keeps. Hidden files (.DS_Store) are left out, as the build ignores them.
 */
async function storeFiles(tx: DbOrTx, files: Map<string, Uint8Array>, assets: Record<string, CourseAsset>): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const [file, bytes] of files) {
		if (file.split('/').some((p) => p.startsWith('.'))) continue;
		const hash = assets[file]?.hash ?? assetHash(bytes);
		const contentType = assets[file]?.contentType ?? 'text/markdown; charset=utf-8';
		await tx.insert(courseAssets).values({ hash, contentType, size: bytes.length, bytes }).onConflictDoNothing();
		out[file] = hash;
	}
	return out;
}

/** Versions imported before their files were kept get them when the same folder is seen again. */
async function keepFiles(tx: DbOrTx, versionId: string, files: Map<string, Uint8Array>, assets: Record<string, CourseAsset>) {
	const fileHashes = await storeFiles(tx, files, assets);
	await tx.update(courseVersions).set({ files: fileHashes }).where(eq(courseVersions.id, versionId));
}

async function recordAttempt(tx: DbOrTx, outcome: ImportOutcome, hash: string, versionId?: string): Promise<ImportOutcome> {
	const row = {
		folder: outcome.folder,
		courseId: outcome.courseId ?? null,
		attemptedAt: new Date(),
		ok: outcome.status !== 'invalid',
		contentHash: hash,
		problems: outcome.problems,
		versionId: versionId ?? null
	};
	// A failed attempt keeps the course id and version of the last good import, so the admin page can
	// still say which version is live.
	const set = row.ok ? row : { attemptedAt: row.attemptedAt, ok: false, contentHash: hash, problems: row.problems };
	await tx.insert(courseImports).values(row).onConflictDoUpdate({ target: courseImports.folder, set });
	return outcome;
}

/** Imports every course folder under `root` (on start and by `npm run courses:import`). */
export async function importAllCourses(db: Db, root: string): Promise<ImportOutcome[]> {
	const outcomes: ImportOutcome[] = [];
	for (const dir of await courseFolders(root)) outcomes.push(await importCourseFolder(db, dir));
	return outcomes;
}

export async function listImports(db: DbOrTx) {
	return db.select().from(courseImports).orderBy(courseImports.folder);
}

export async function countVersions(db: DbOrTx, courseId: string): Promise<number> {
	const rows = await db.select({ id: courseVersions.id }).from(courseVersions).where(and(eq(courseVersions.courseId, courseId)));
	return rows.length;
}

export function describeOutcome(o: ImportOutcome): string {
	switch (o.status) {
		case 'created':
			return `${o.folder}: imported as version ${o.versionNumber}`;
		case 'new_version':
			return `${o.folder}: content changed, new version ${o.versionNumber}`;
		case 'unchanged':
			return `${o.folder}: unchanged (version ${o.versionNumber})`;
		case 'invalid':
			return `${o.folder}: NOT imported, ${o.problems.length} problem(s); the last good version stays live`;
	}
}
