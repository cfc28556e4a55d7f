import { count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courseImports, courses, courseVersions } from '../db/schema';

/** Every course folder's last import attempt, with the version that is live, for /admin/courses. */
export async function courseImportOverview(db: DbOrTx) {
	const imports = await db.select().from(courseImports).orderBy(courseImports.folder);
	const versionCounts = await db
		.select({ courseId: courseVersions.courseId, n: count() })
		.from(courseVersions)
		.groupBy(courseVersions.courseId);
	const live = await db
		.select({ courseId: courses.id, slug: courses.slug, number: courseVersions.number, title: courseVersions.content })
		.from(courses)
		.innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId));
	return imports.map((i) => {
		const l = live.find((x) => x.courseId === i.courseId);
		const content = l?.title;
		return {
			folder: i.folder,
			ok: i.ok,
			attemptedAt: i.attemptedAt,
			problems: i.problems,
			slug: l?.slug ?? null,
			title: content ? content.variants[content.language]!.title : null,
			liveNumber: l?.number ?? null,
			versions: versionCounts.find((v) => v.courseId === i.courseId)?.n ?? 0
		};
	});
}
