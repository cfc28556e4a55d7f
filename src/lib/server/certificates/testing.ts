/**
 * Test helpers for the certificate lifecycle: a fixture course imported under its own id, a learner
 * enrolled in it, and a pass of its final test — the real issuing path, not hand-made rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { getDb } from '../db';
import { certificates } from '../db/schema';
import { createUser } from '../users';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { fixtureCourseMd, fixtureFiles, FIXTURE_ID } from '../courses/fixtures';
import { importCourseFolder } from '../courses/import';
import { enrol } from '../learning/enrolment';
import type { LearnerContext } from '../learning/progress';
import { startAttempt, submitAttempt } from '../quiz/attempts';
import type { Role } from '../db/schema';

export interface TestCourse {
	version: CachedVersion;
	courseId: string;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-cert-'));

/** Imports the fixture course under its own id and slug with the given `certificate:` front matter block. */
export async function importCertCourse(slug: string, id: string, certificate: string): Promise<TestCourse> {
	const dir = path.join(root, slug);
	const md = fixtureCourseMd()
		.replace(FIXTURE_ID, id)
		.replace('slug: probekurs', `slug: ${slug}`)
		.replace('certificate:\n  kind: zertifikat', certificate);
	for (const [name, bytes] of fixtureFiles({ 'course.md': md })) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), bytes);
	}
	await importCourseFolder(getDb(), dir);
	const live = (await getLiveCourse(getDb(), slug))!;
	return { version: live.live, courseId: live.course.id };
}

let counter = 0;
export async function certLearner(course: TestCourse, name: string, now?: Date): Promise<LearnerContext> {
	const db = getDb();
	const user = await createUser(db, { email: `certl-${++counter}-${Date.now()}@example.org`, name, password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
	const { enrolment } = await enrol(db, { userId: user.id, courseId: course.courseId, versionId: course.version.id });
	return { origin: 'https://lb.example', actorId: user.actorId, enrolment, version: course.version, lang: 'de', now };
}

/** A staff account as the session sees it (id, actorId, roles). */
export async function staff(roles: { role: Role; organisationId: string | null }[]) {
	const user = await createUser(getDb(), { email: `staff-${++counter}-${Date.now()}@example.org`, name: 'Staff', password: 'Lange-Passphrase-1', roles }, null);
	return { id: user.id, actorId: user.actorId, roles, email: user.email, name: 'Staff', locale: 'de' as const, organisationId: null };
}

export async function passFinalTest(ctx: LearnerContext, correct = true) {
	const db = getDb();
	const test = ctx.version.content.variants.de!.lessons.find((l) => l.id === 'test')!;
	const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
	return db.transaction((tx) => submitAttempt(tx, ctx, test, attempt.id, new Map([['q2', { type: 'true-false', value: correct }]])));
}

export const certificatesOf = (userId: string) => getDb().select().from(certificates).where(eq(certificates.userId, userId)).orderBy(certificates.generation);

export function removeCertTestFiles() {
	fs.rmSync(root, { recursive: true, force: true });
}
