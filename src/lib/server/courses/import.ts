import path from 'node:path';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { courseAssets, courseImports, courses, courseVersions } from '../db/schema';
import { buildFolder, courseFolders } from './folder';
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

/**
 * Imports one course folder as a new course version when its content changed. A folder that does not
 * validate changes nothing but its row in `course_imports`: the last good version stays live.
 */
export async function importCourseFolder(db: Db, dir: string): Promise<ImportOutcome> {
	const folder = path.basename(dir);
	const build = await buildFolder(dir);
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
		const content = build.content;
		if (!content) return recordAttempt(tx, { folder, status: 'invalid', problems: build.problems }, build.hash);

		const [existing] = await tx.select().from(courses).where(eq(courses.id, content.id));
		const [slugOwner] = await tx.select().from(courses).where(eq(courses.slug, content.slug));
		if (slugOwner && slugOwner.id !== content.id) {
			const problem = { file: 'course.md', line: 1, column: 1, message: `slug "${content.slug}" belongs to another course (id ${slugOwner.id}); a course's id never changes` };
			return recordAttempt(tx, { folder, status: 'invalid', problems: [problem] }, build.hash);
		}
		if (!existing) await tx.insert(courses).values({ id: content.id, slug: content.slug });
		else if (existing.slug !== content.slug) await tx.update(courses).set({ slug: content.slug }).where(eq(courses.id, content.id));

		const [latest] = await tx
			.select({ id: courseVersions.id, number: courseVersions.number, contentHash: courseVersions.contentHash })
			.from(courseVersions)
			.where(eq(courseVersions.courseId, content.id))
			.orderBy(desc(courseVersions.number))
			.limit(1);
		if (latest?.contentHash === build.hash) {
			await tx.update(courses).set({ liveVersionId: latest.id }).where(eq(courses.id, content.id));
			return recordAttempt(tx, { folder, status: 'unchanged', courseId: content.id, versionNumber: latest.number, problems: [] }, build.hash, latest.id);
		}

		for (const [file, asset] of Object.entries(content.assets)) {
			await tx
				.insert(courseAssets)
				.values({ hash: asset.hash, contentType: asset.contentType, size: asset.size, bytes: build.files.get(file)! })
				.onConflictDoNothing();
		}
		const number = (latest?.number ?? 0) + 1;
		const [version] = await tx
			.insert(courseVersions)
			.values({ courseId: content.id, number, declaredVersion: content.version, contentHash: build.hash, content })
			.returning({ id: courseVersions.id });
		await tx.update(courses).set({ liveVersionId: version!.id, updatedAt: new Date() }).where(eq(courses.id, content.id));
		const status = existing ? 'new_version' : 'created';
		return recordAttempt(tx, { folder, status, courseId: content.id, versionNumber: number, problems: [] }, build.hash, version!.id);
	});
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
