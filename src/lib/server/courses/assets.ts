import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courseAssets, courses, courseVersions } from '../db/schema';
import { getVersion } from './cache';

/** The bytes of an asset of one version of a course, found by its path below the course's `assets/`. */
export async function findAsset(db: DbOrTx, slug: string, versionNumber: number, assetPath: string) {
	const [row] = await db
		.select({ id: courseVersions.id })
		.from(courseVersions)
		.innerJoin(courses, eq(courses.id, courseVersions.courseId))
		.where(and(eq(courses.slug, slug), eq(courseVersions.number, versionNumber)));
	if (!row) return undefined;
	const version = await getVersion(db, row.id);
	const meta = version?.content.assets[`assets/${assetPath}`];
	if (!meta) return undefined;
	const [asset] = await db.select().from(courseAssets).where(eq(courseAssets.hash, meta.hash));
	return asset;
}
