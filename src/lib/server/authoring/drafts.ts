import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courseCoauthors, courseDraftFiles, courseDrafts, courses, courseVersions, organisations, users, userRoles } from '../db/schema';
import { buildCourse, contentHash } from '../courses/build';
import type { Problem } from '../courses/source';
import { writeAudit } from '../audit';
import { editableDraftsWhere, type Editor } from './access';
import { templateFiles, yamlString } from './template';

export type DraftStatus = 'draft' | 'published' | 'archived';

export class SlugTakenError extends Error {
	constructor(slug: string) {
		super(`slug ${slug} is taken`);
	}
}

export interface DraftListEntry {
	courseId: string;
	slug: string;
	title: string;
	organisation: string;
	status: DraftStatus;
	liveNumber: number | null;
	updatedAt: Date;
}

/** The drafts an editor may edit, newest change first, with their status. */
export async function listDrafts(db: DbOrTx, editor: Editor): Promise<DraftListEntry[]> {
	const rows = await db
		.select({
			courseId: courseDrafts.courseId,
			slug: courseDrafts.slug,
			archivedAt: courseDrafts.archivedAt,
			updatedAt: courseDrafts.updatedAt,
			organisation: organisations.name,
			liveNumber: courseVersions.number
		})
		.from(courseDrafts)
		.innerJoin(organisations, eq(organisations.id, courseDrafts.organisationId))
		.leftJoin(courses, eq(courses.id, courseDrafts.courseId))
		.leftJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
		.where(editableDraftsWhere(db, editor))
		.orderBy(desc(courseDrafts.updatedAt));
	const out: DraftListEntry[] = [];
	for (const r of rows) {
		const files = await draftFiles(db, r.courseId);
		out.push({
			courseId: r.courseId,
			slug: r.slug,
			title: draftTitle(files) ?? r.slug,
			organisation: r.organisation,
			status: r.archivedAt ? 'archived' : r.liveNumber ? 'published' : 'draft',
			liveNumber: r.liveNumber ?? null,
			updatedAt: r.updatedAt
		});
	}
	return out;
}

/** The title line of course.md's front matter, read without a full build (lists show many drafts). */
export function draftTitle(files: Map<string, Uint8Array>): string | undefined {
	const md = files.get('course.md');
	if (!md) return undefined;
	const m = /^title:\s*(.+)$/m.exec(new TextDecoder().decode(md));
	if (!m) return undefined;
	const raw = m[1]!.trim();
	try {
		return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw.replace(/^'(.*)'$/, '$1');
	} catch {
		return raw;
	}
}

export async function draftFiles(db: DbOrTx, courseId: string): Promise<Map<string, Uint8Array>> {
	const rows = await db
		.select({ path: courseDraftFiles.path, bytes: courseDraftFiles.bytes })
		.from(courseDraftFiles)
		.where(eq(courseDraftFiles.courseId, courseId))
		.orderBy(asc(courseDraftFiles.path));
	return new Map(rows.map((r) => [r.path, new Uint8Array(r.bytes)]));
}

export async function draftFileList(db: DbOrTx, courseId: string) {
	return db
		.select({ path: courseDraftFiles.path, revision: courseDraftFiles.revision, updatedAt: courseDraftFiles.updatedAt })
		.from(courseDraftFiles)
		.where(eq(courseDraftFiles.courseId, courseId))
		.orderBy(asc(courseDraftFiles.path));
}

/** Builds the draft with the learner view's validator: the same problems `courses:check` would print. */
export async function validateDraft(db: DbOrTx, courseId: string, slug: string): Promise<{ problems: Problem[]; hash: string }> {
	const build = buildCourse(slug, await draftFiles(db, courseId));
	const problems = [...build.problems];
	if (build.content && build.content.id !== courseId)
		problems.push({ file: 'course.md', line: 2, column: 1, message: `id must stay ${courseId}: a course's id never changes` });
	return { problems, hash: build.hash };
}

async function slugFree(db: DbOrTx, slug: string): Promise<boolean> {
	const [a] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, slug));
	const [b] = await db.select({ id: courseDrafts.courseId }).from(courseDrafts).where(eq(courseDrafts.slug, slug));
	return !a && !b;
}

export interface NewDraft {
	organisationId: string;
	slug: string;
	title: string;
	createdBy: string;
}

/** A new course from the template (or from given files, for duplicates and zip imports). */
export async function createDraft(db: DbOrTx, input: NewDraft, files?: Map<string, Uint8Array>, courseId: string = randomUUID()): Promise<string> {
	if (!(await slugFree(db, input.slug))) throw new SlugTakenError(input.slug);
	const content = files ?? templateFiles({ id: courseId, slug: input.slug, title: input.title });
	await db.insert(courseDrafts).values({ courseId, organisationId: input.organisationId, slug: input.slug, createdBy: input.createdBy });
	await insertFiles(db, courseId, content, input.createdBy);
	await writeAudit(db, { actorId: input.createdBy, action: 'course.draft_created', targetType: 'course', targetId: courseId, details: { slug: input.slug } });
	return courseId;
}

async function insertFiles(db: DbOrTx, courseId: string, files: Map<string, Uint8Array>, userId: string) {
	for (const [path, bytes] of files) {
		await db.insert(courseDraftFiles).values({ courseId, path, bytes, updatedBy: userId });
	}
}

/**
 * A copy under a new id and slug: every course.md (the original's and each translation's) gets the new id
 * and slug, the original's the new title. Nothing else changes, so the copy validates when the source does.
 */
export async function duplicateDraft(db: DbOrTx, source: { courseId: string; organisationId: string }, input: Omit<NewDraft, 'organisationId'>): Promise<string> {
	const courseId = randomUUID();
	const files = await draftFiles(db, source.courseId);
	for (const [path, bytes] of files) {
		if (path !== 'course.md' && !/^translations\/[^/]+\/course\.md$/.test(path)) continue;
		files.set(path, new TextEncoder().encode(rewriteFrontMatter(new TextDecoder().decode(bytes), { id: courseId, slug: input.slug, title: path === 'course.md' ? input.title : undefined })));
	}
	return createDraft(db, { ...input, organisationId: source.organisationId }, files, courseId);
}

/** Replaces top-level keys of the front matter (only between the leading `---` lines). */
export function rewriteFrontMatter(text: string, keys: { id: string; slug: string; title?: string }): string {
	const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
	if (!m) return text;
	let fm = m[1]!;
	fm = fm.replace(/^id:.*$/m, `id: ${keys.id}`).replace(/^slug:.*$/m, `slug: ${keys.slug}`);
	if (keys.title !== undefined) fm = fm.replace(/^title:.*$/m, `title: ${yamlString(keys.title)}`);
	return text.slice(0, m.index) + `---\n${fm}\n---` + text.slice(m.index + m[0].length);
}

export type SaveResult = { ok: true; revision: number } | { ok: false; conflict: { text: string; revision: number; by: string | null } };

/**
 * Saves one text file when nobody saved it since `baseRevision`; otherwise nothing is written and the
 * other text comes back, so the page can show both and neither is lost. `baseRevision` 0 creates a file.
 */
export async function saveDraftFile(db: DbOrTx, courseId: string, path: string, bytes: Uint8Array, baseRevision: number, userId: string): Promise<SaveResult> {
	const [current] = await db
		.select({ revision: courseDraftFiles.revision, bytes: courseDraftFiles.bytes, by: users.name })
		.from(courseDraftFiles)
		.leftJoin(users, eq(users.id, courseDraftFiles.updatedBy))
		.where(and(eq(courseDraftFiles.courseId, courseId), eq(courseDraftFiles.path, path)));
	const now = new Date();
	if (!current) {
		if (baseRevision !== 0) return { ok: false, conflict: { text: '', revision: 0, by: null } };
		const inserted = await db.insert(courseDraftFiles).values({ courseId, path, bytes, updatedBy: userId }).onConflictDoNothing().returning({ revision: courseDraftFiles.revision });
		if (!inserted.length) return saveDraftFile(db, courseId, path, bytes, -1, userId);
		await touch(db, courseId, now);
		return { ok: true, revision: 1 };
	}
	if (current.revision !== baseRevision) {
		return { ok: false, conflict: { text: new TextDecoder().decode(current.bytes), revision: current.revision, by: current.by } };
	}
	// Conditional on the revision: of two concurrent saves from the same revision exactly one matches.
	const updated = await db
		.update(courseDraftFiles)
		.set({ bytes, revision: baseRevision + 1, updatedBy: userId, updatedAt: now })
		.where(and(eq(courseDraftFiles.courseId, courseId), eq(courseDraftFiles.path, path), eq(courseDraftFiles.revision, baseRevision)))
		.returning({ revision: courseDraftFiles.revision });
	if (!updated.length) return saveDraftFile(db, courseId, path, bytes, -1, userId);
	await touch(db, courseId, now);
	return { ok: true, revision: updated[0]!.revision };
}

const touch = (db: DbOrTx, courseId: string, at: Date) => db.update(courseDrafts).set({ updatedAt: at }).where(eq(courseDrafts.courseId, courseId));

export async function deleteDraftFile(db: DbOrTx, courseId: string, path: string): Promise<boolean> {
	const gone = await db.delete(courseDraftFiles).where(and(eq(courseDraftFiles.courseId, courseId), eq(courseDraftFiles.path, path))).returning({ path: courseDraftFiles.path });
	if (gone.length) await touch(db, courseId, new Date());
	return gone.length > 0;
}

/** Renames a file; refuses when the new name exists. */
export async function renameDraftFile(db: DbOrTx, courseId: string, from: string, to: string, userId: string): Promise<boolean> {
	const [exists] = await db.select({ p: courseDraftFiles.path }).from(courseDraftFiles).where(and(eq(courseDraftFiles.courseId, courseId), eq(courseDraftFiles.path, to)));
	if (exists) return false;
	const moved = await db
		.update(courseDraftFiles)
		.set({ path: to, revision: 1, updatedBy: userId, updatedAt: new Date() })
		.where(and(eq(courseDraftFiles.courseId, courseId), eq(courseDraftFiles.path, from)))
		.returning({ p: courseDraftFiles.path });
	if (moved.length) await touch(db, courseId, new Date());
	return moved.length > 0;
}

/** Archive (or restore): the draft leaves the working list and the course leaves the catalogue. */
export async function setArchived(db: DbOrTx, courseId: string, archived: boolean, actorId: string) {
	const at = archived ? new Date() : null;
	await db.update(courseDrafts).set({ archivedAt: at }).where(eq(courseDrafts.courseId, courseId));
	await db.update(courses).set({ archivedAt: at }).where(eq(courses.id, courseId));
	await writeAudit(db, { actorId, action: archived ? 'course.archived' : 'course.restored', targetType: 'course', targetId: courseId });
}

export async function listCoauthors(db: DbOrTx, courseId: string) {
	return db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(courseCoauthors)
		.innerJoin(users, eq(users.id, courseCoauthors.userId))
		.where(eq(courseCoauthors.courseId, courseId))
		.orderBy(asc(users.name));
}

/** Adds a co-author by e-mail; only accounts holding the trainer role can write courses. */
export async function addCoauthor(db: DbOrTx, courseId: string, email: string, actorId: string): Promise<'added' | 'not_trainer'> {
	const [u] = await db
		.select({ id: users.id })
		.from(users)
		.innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'trainer')))
		.where(eq(users.email, email.trim().toLowerCase()));
	if (!u) return 'not_trainer';
	await db.insert(courseCoauthors).values({ courseId, userId: u.id }).onConflictDoNothing();
	await writeAudit(db, { actorId, action: 'course.coauthor_added', targetType: 'course', targetId: courseId, details: { userId: u.id } });
	return 'added';
}

export async function removeCoauthor(db: DbOrTx, courseId: string, userId: string, actorId: string) {
	await db.delete(courseCoauthors).where(and(eq(courseCoauthors.courseId, courseId), eq(courseCoauthors.userId, userId)));
	await writeAudit(db, { actorId, action: 'course.coauthor_removed', targetType: 'course', targetId: courseId, details: { userId } });
}

/** Whether the draft differs from the live version (a quick hash comparison, no build). */
export async function hasUnpublishedChanges(db: DbOrTx, courseId: string): Promise<boolean> {
	const [live] = await db
		.select({ hash: courseVersions.contentHash })
		.from(courses)
		.innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
		.where(eq(courses.id, courseId));
	if (!live) return true;
	return contentHash(await draftFiles(db, courseId)) !== live.hash;
}

/** Files edited as text in the editor; everything else in a draft is an asset handled as bytes. */
export const isTextFile = (path: string) => /\.(md|vtt)$/i.test(path);

export async function readDraftFile(db: DbOrTx, courseId: string, path: string) {
	const [row] = await db
		.select({ bytes: courseDraftFiles.bytes, revision: courseDraftFiles.revision, updatedAt: courseDraftFiles.updatedAt, by: users.name })
		.from(courseDraftFiles)
		.leftJoin(users, eq(users.id, courseDraftFiles.updatedBy))
		.where(and(eq(courseDraftFiles.courseId, courseId), eq(courseDraftFiles.path, path)));
	return row && { ...row, bytes: new Uint8Array(row.bytes) };
}
