import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courseCoauthors, courseDrafts, type CourseDraft } from '../db/schema';
import { hasRole, isAdmin, orgScope } from '../auth/guards';
import type { SessionUser } from '../auth/session';

export type Editor = Pick<SessionUser, 'id' | 'roles'>;

/**
 * Who may edit a draft: admins; trainers of the owning organisation (an unscoped trainer counts for every
 * organisation); and the co-authors named on the draft. Everyone else does not learn that it exists.
 */
export async function canEdit(db: DbOrTx, editor: Editor, draft: CourseDraft): Promise<boolean> {
	if (isAdmin(editor as SessionUser)) return true;
	if (hasRole(editor as SessionUser, 'trainer', draft.organisationId)) return true;
	const [row] = await db
		.select({ userId: courseCoauthors.userId })
		.from(courseCoauthors)
		.where(and(eq(courseCoauthors.courseId, draft.courseId), eq(courseCoauthors.userId, editor.id)));
	return !!row;
}

/** The draft when the editor may edit it, else undefined (routes answer 404 either way). */
export async function findEditableDraft(db: DbOrTx, editor: Editor, courseId: string): Promise<CourseDraft | undefined> {
	if (!/^[0-9a-f-]{36}$/i.test(courseId)) return undefined;
	const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.courseId, courseId));
	if (!draft) return undefined;
	return (await canEdit(db, editor, draft)) ? draft : undefined;
}

/**
 * Whose course figures a trainer may see in the cohort view: a course written in the browser belongs to its
 * draft's organisation (the same people who may edit it); a course from the repository's `courses/` has no
 * draft and is shared content every trainer may follow.
 */
export async function mayViewCohort(db: DbOrTx, editor: Editor, courseId: string): Promise<boolean> {
	const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.courseId, courseId));
	return !draft || canEdit(db, editor, draft);
}

/** Courses written in the browser by organisations the editor may not edit for: hidden from their course list. */
export async function foreignCourseIds(db: DbOrTx, editor: Editor): Promise<Set<string>> {
	const all = await db.select({ courseId: courseDrafts.courseId }).from(courseDrafts);
	const where = editableDraftsWhere(db, editor);
	if (!where) return new Set();
	const own = new Set((await db.select({ courseId: courseDrafts.courseId }).from(courseDrafts).where(where)).map((r) => r.courseId));
	return new Set(all.map((r) => r.courseId).filter((id) => !own.has(id)));
}

/** The condition selecting every draft an editor may see in their list (undefined: all of them). */
export function editableDraftsWhere(db: DbOrTx, editor: Editor): SQL | undefined {
	const scope = isAdmin(editor as SessionUser) ? null : orgScope(editor as SessionUser, 'trainer');
	if (scope === null) return undefined;
	const own = db.select({ id: courseCoauthors.courseId }).from(courseCoauthors).where(eq(courseCoauthors.userId, editor.id));
	const coauthored = inArray(courseDrafts.courseId, own);
	return scope.length ? or(inArray(courseDrafts.organisationId, scope), coauthored) : coauthored;
}
