import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../src/lib/server/db';
import type { CachedVersion } from '../../src/lib/server/courses/cache';
import { certificates, type Certificate } from '../../src/lib/server/db/schema';
import { createUser } from '../../src/lib/server/users';
import { createOrganisation } from '../../src/lib/server/orgs';
import { createAssignment } from '../../src/lib/server/assignments';
import { enrol } from '../../src/lib/server/learning/enrolment';
import { completeLesson, openLesson, type LearnerContext } from '../../src/lib/server/learning/progress';
import { startAttempt, submitAttempt } from '../../src/lib/server/quiz/attempts';
import { saveSurvey } from '../../src/lib/server/quiz/survey';

let n = 0;

/**
 * A learner of their own organisation who was assigned the fixture course, opened and completed a lesson,
 * answered the self-assessment and passed the test (which issues the certificate): data in every table.
 */
export async function activeLearner(db: DbOrTx, course: { courseId: string; version: CachedVersion }, name: string, password = 'Lange-Passphrase-1') {
	const tag = `al${++n}-${Date.now()}`;
	const org = await createOrganisation(db, { name: `Amt ${tag}`, type: 'verwaltung', regionAgs: '03453' }, null);
	const user = await createUser(
		db,
		{ email: `${name.toLowerCase()}-${tag}@test.example`, name, password, organisationId: org.id, roles: [{ role: 'learner', organisationId: null }] },
		null
	);
	await createAssignment(db, org.id, { courseId: course.courseId, scope: 'organisation', dueDate: '2027-03-01' }, null);
	const { enrolment } = await enrol(db, { userId: user.id, courseId: course.courseId, versionId: course.version.id, source: 'assigned' });
	const ctx: LearnerContext = { origin: 'https://lb.example', actorId: user.actorId, enrolment, version: course.version, lang: 'de' };
	const test = course.version.content.variants.de!.lessons.find((l) => l.id === 'test')!;
	await db.transaction((tx) => openLesson(tx, ctx, 'erste'));
	await db.transaction((tx) => completeLesson(tx, ctx, 'erste'));
	await db.transaction((tx) => saveSurvey(tx, ctx, 'pre', { s1: 2 }));
	const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
	await db.transaction((tx) => submitAttempt(tx, ctx, test, attempt.id, new Map([['q2', { type: 'true-false', value: true }]])));
	const [certificate] = await db.select().from(certificates).where(eq(certificates.userId, user.id));
	return { org, user, enrolment, certificate: certificate as Certificate, password };
}
