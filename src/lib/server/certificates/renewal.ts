import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { courses, courseVersions, type Certificate } from '../db/schema';
import { renewalDue } from './issue';

/**
 * Where the holder renews a certificate that expires soon or has expired: the final assessment of the course,
 * whose passed retake issues a renewed certificate replacing this one (issueCertificateIfEarned). Certificates
 * without a final assessment (a Teilnahmebescheinigung) or outside the renewal window get no link.
 */
export async function renewalLinks(db: DbOrTx, list: Certificate[], now: Date = new Date()): Promise<Map<string, string>> {
	const due = list.filter((c) => c.userId && renewalDue(c, now));
	const out = new Map<string, string>();
	if (!due.length) return out;
	const versions = await db
		.select({ id: courseVersions.id, content: courseVersions.content, slug: courses.slug })
		.from(courseVersions)
		.innerJoin(courses, eq(courses.id, courseVersions.courseId))
		.where(inArray(courseVersions.id, [...new Set(due.map((c) => c.versionId))]));
	const byId = new Map(versions.map((v) => [v.id, v]));
	for (const c of due) {
		const v = byId.get(c.versionId);
		const lessons = v?.content.variants[v.content.language]?.lessons ?? [];
		const final = lessons.filter((l) => l.assessment).at(-1);
		if (v && final) out.set(c.id, `/courses/${v.slug}/lessons/${final.id}`);
	}
	return out;
}
