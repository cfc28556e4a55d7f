import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { courseAssets, courseDraftFiles, courseDrafts, courses, courseVersions, users } from '../db/schema';
import { importCourseFiles, type ImportOutcome } from '../courses/import';
import { writeAudit } from '../audit';
import { draftFiles } from './drafts';

/**
 * Publishing a draft is importing its files through the same code path as a `courses/` folder: the same
 * build and validator, the same version rows. Nothing is written when any problem remains.
 */
export async function publishDraft(db: Db, draft: { courseId: string; slug: string }, userId: string, note: string): Promise<ImportOutcome> {
	const files = await draftFiles(db, draft.courseId);
	const outcome = await importCourseFiles(db, { folder: draft.slug, files, origin: 'editor', publishedBy: userId, note, courseId: draft.courseId });
	if (outcome.status === 'created' || outcome.status === 'new_version')
		await writeAudit(db, { actorId: userId, action: 'course.published', targetType: 'course', targetId: draft.courseId, details: { number: outcome.versionNumber, note } });
	return outcome;
}

export interface VersionEntry {
	id: string;
	number: number;
	declaredVersion: number;
	importedAt: Date;
	note: string | null;
	publishedBy: string | null;
	live: boolean;
	hasFiles: boolean;
}

export async function listVersions(db: DbOrTx, courseId: string): Promise<VersionEntry[]> {
	const [course] = await db.select({ live: courses.liveVersionId }).from(courses).where(eq(courses.id, courseId));
	const rows = await db
		.select({
			id: courseVersions.id,
			number: courseVersions.number,
			declaredVersion: courseVersions.declaredVersion,
			importedAt: courseVersions.importedAt,
			note: courseVersions.note,
			publishedBy: users.name,
			files: courseVersions.files
		})
		.from(courseVersions)
		.leftJoin(users, eq(users.id, courseVersions.publishedBy))
		.where(eq(courseVersions.courseId, courseId))
		.orderBy(desc(courseVersions.number));
	return rows.map(({ files, ...r }) => ({ ...r, live: r.id === course?.live, hasFiles: !!files }));
}

/** The files of one version, as the folder it was imported from; undefined for versions without kept files. */
export async function versionFiles(db: DbOrTx, courseId: string, number: number): Promise<Map<string, Uint8Array> | undefined> {
	const [v] = await db
		.select({ files: courseVersions.files })
		.from(courseVersions)
		.where(and(eq(courseVersions.courseId, courseId), eq(courseVersions.number, number)));
	if (!v?.files) return undefined;
	const hashes = [...new Set(Object.values(v.files))];
	const blobs = hashes.length ? await db.select({ hash: courseAssets.hash, bytes: courseAssets.bytes }).from(courseAssets).where(inArray(courseAssets.hash, hashes)) : [];
	const byHash = new Map(blobs.map((b) => [b.hash, new Uint8Array(b.bytes)]));
	return new Map(Object.entries(v.files).sort(([a], [b]) => a.localeCompare(b)).map(([path, hash]) => [path, byHash.get(hash)!]));
}

/**
 * Rolling back republishes an older version's files as a new version (learners on later versions keep
 * theirs, as with any publish) and makes them the draft again, so the next publish builds on them.
 */
export async function rollBack(db: Db, draft: { courseId: string; slug: string }, number: number, userId: string, note: string): Promise<ImportOutcome | undefined> {
	const files = await versionFiles(db, draft.courseId, number);
	if (!files) return undefined;
	const outcome = await importCourseFiles(db, { folder: draft.slug, files, origin: 'editor', publishedBy: userId, note, courseId: draft.courseId });
	if (outcome.status === 'invalid') return outcome;
	await db.transaction(async (tx) => {
		await tx.delete(courseDraftFiles).where(eq(courseDraftFiles.courseId, draft.courseId));
		for (const [path, bytes] of files) await tx.insert(courseDraftFiles).values({ courseId: draft.courseId, path, bytes, updatedBy: userId });
		await tx.update(courseDrafts).set({ updatedAt: new Date() }).where(eq(courseDrafts.courseId, draft.courseId));
		await writeAudit(tx, { actorId: userId, action: 'course.rolled_back', targetType: 'course', targetId: draft.courseId, details: { to: number, number: outcome.versionNumber } });
	});
	return outcome;
}
