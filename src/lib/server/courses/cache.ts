import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courses, courseVersions } from '../db/schema';
import type { CourseContent, CourseVariant, Lang } from './model';
import { renderCourse, type RenderedVariant } from './render';

/**
 * Parsed and rendered course versions, kept in memory per process. Versions are immutable rows, so an entry
 * never goes stale; only which version is live can change (an import), and that is read from the database
 * on each request (one indexed row), so a `courses:import` run by another process is seen at once.
 */
export interface CachedVersion {
	id: string;
	courseId: string;
	number: number;
	declaredVersion: number;
	content: CourseContent;
	rendered: Partial<Record<Lang, RenderedVariant>>;
}

const MAX_ENTRIES = 200;
const cache = new Map<string, Promise<CachedVersion | undefined>>();

export function getVersion(db: DbOrTx, versionId: string): Promise<CachedVersion | undefined> {
	let entry = cache.get(versionId);
	if (entry) {
		// Refresh recency (Map keeps insertion order): the oldest entry is evicted first.
		cache.delete(versionId);
		cache.set(versionId, entry);
		return entry;
	}
	entry = loadVersion(db, versionId);
	cache.set(versionId, entry);
	entry.then((v) => v ?? cache.delete(versionId)).catch(() => cache.delete(versionId));
	while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
	return entry;
}

async function loadVersion(db: DbOrTx, versionId: string): Promise<CachedVersion | undefined> {
	const [row] = await db.select().from(courseVersions).where(eq(courseVersions.id, versionId));
	if (!row) return undefined;
	return {
		id: row.id,
		courseId: row.courseId,
		number: row.number,
		declaredVersion: row.declaredVersion,
		content: row.content,
		rendered: renderCourse(row.content, row.number)
	};
}

/** For tests: start from an empty cache. */
export function clearCourseCache() {
	cache.clear();
}

export async function getLiveCourse(db: DbOrTx, slug: string) {
	const [course] = await db.select().from(courses).where(eq(courses.slug, slug));
	if (!course?.liveVersionId) return undefined;
	const live = await getVersion(db, course.liveVersionId);
	return live && { course, live };
}

/** The live version of every course that is not archived (archived courses stay open to enrolled learners). */
export async function listLiveVersions(db: DbOrTx): Promise<CachedVersion[]> {
	const rows = await db.select({ v: courses.liveVersionId }).from(courses).where(and(isNotNull(courses.liveVersionId), isNull(courses.archivedAt)));
	const versions = await Promise.all(rows.map((r) => getVersion(db, r.v!)));
	return versions.filter((v): v is CachedVersion => !!v);
}

export async function getVersions(db: DbOrTx, ids: string[]): Promise<Map<string, CachedVersion>> {
	const list = await Promise.all([...new Set(ids)].map((id) => getVersion(db, id)));
	return new Map(list.filter((v): v is CachedVersion => !!v).map((v) => [v.id, v]));
}

export function availableLanguages(v: CachedVersion): Lang[] {
	return (Object.keys(v.content.variants) as Lang[]).sort((a, b) => (a === v.content.language ? -1 : b === v.content.language ? 1 : a.localeCompare(b)));
}

/**
 * The language a learner reads a course in: their explicit choice for this course, else the interface
 * language when the course has it (a translation), else the original.
 */
export function contentLanguage(v: CachedVersion, chosen: Lang | null | undefined, ui: Lang): Lang {
	if (chosen && v.content.variants[chosen]) return chosen;
	if (v.content.variants[ui]) return ui;
	return v.content.language;
}

export function variantOf(v: CachedVersion, lang: Lang): { model: CourseVariant; view: RenderedVariant } {
	return { model: v.content.variants[lang]!, view: v.rendered[lang]! };
}
