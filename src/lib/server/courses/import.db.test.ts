import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { createUser } from '../users';
import { courseImportOverview } from './admin';
import { findAsset } from './assets';
import { getLiveCourse, getVersion } from './cache';
import { fixtureFiles, fixtureLesson1 } from './fixtures';
import { importCourseFolder } from './import';
import { enrol, workingVersionId } from '../learning/enrolment';
import { completedLessonIds, completeLesson, openLesson } from '../learning/progress';

useTestDatabase();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-courses-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const dir = path.join(root, 'probekurs');

function writeCourse(overrides: Parameters<typeof fixtureFiles>[0] = {}) {
	fs.rmSync(dir, { recursive: true, force: true });
	for (const [name, bytes] of fixtureFiles(overrides)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), bytes);
	}
}

describe('course import and versions', () => {
	it('imports a new version only when the content changed, and keeps the live version when a folder breaks', async () => {
		const db = getDb();
		writeCourse();
		const first = await importCourseFolder(db, dir);
		expect(first).toMatchObject({ status: 'created', versionNumber: 1 });
		expect(await importCourseFolder(db, dir)).toMatchObject({ status: 'unchanged', versionNumber: 1 });

		const asset = await findAsset(db, 'probekurs', 1, 'bild.svg');
		expect(asset?.contentType).toBe('image/svg+xml');

		// A learner enrols on version 1, opens and completes the first lesson.
		const user = await createUser(db, { email: 'import-learner@example.org', name: 'L', password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
		const live1 = (await getLiveCourse(db, 'probekurs'))!;
		const { enrolment } = await enrol(db, { userId: user.id, courseId: live1.course.id, versionId: live1.live.id });
		const ctx = { origin: 'https://lb.example', actorId: user.actorId, enrolment, version: live1.live, lang: 'de' as const };
		const opened = await db.transaction((tx) => openLesson(tx, ctx, 'erste'));
		expect(opened.map((s) => s.verb.display.en)).toEqual(['initialized', 'experienced']);
		// A reload of the same lesson within a minute is no new visit.
		expect(await db.transaction((tx) => openLesson(tx, ctx, 'erste'))).toEqual([]);
		const later = { ...ctx, now: new Date(Date.now() + 2 * 60 * 1000) };
		expect((await db.transaction((tx) => openLesson(tx, later, 'erste'))).map((s) => s.verb.display.en)).toEqual(['experienced']);
		const done = await db.transaction((tx) => completeLesson(tx, ctx, 'erste'));
		expect(done).toMatchObject({ completedNow: true, percent: 50, courseCompletedNow: false });
		expect(done.statements.map((s) => s.verb.display.en)).toEqual(['completed', 'progressed']);

		// An edit gives version 2; the learner stays on version 1 until they finish.
		writeCourse({ '01-erste.md': fixtureLesson1.replace('Noch einmal', 'Und noch einmal') });
		expect(await importCourseFolder(db, dir)).toMatchObject({ status: 'new_version', versionNumber: 2 });
		const live2 = (await getLiveCourse(db, 'probekurs'))!;
		expect(live2.live.number).toBe(2);
		expect(workingVersionId(enrolment, live2.course.liveVersionId)).toBe(live1.live.id);

		// A broken folder is not imported: version 2 stays live and the admin sees where the problem is.
		writeCourse({ '01-erste.md': fixtureLesson1.replace('type: single', 'type: singel') });
		const broken = await importCourseFolder(db, dir);
		expect(broken.status).toBe('invalid');
		expect(broken.problems[0]).toMatchObject({ file: '01-erste.md', message: expect.stringContaining('type must be one of') });
		expect((await getLiveCourse(db, 'probekurs'))!.live.number).toBe(2);
		const overview = await courseImportOverview(db);
		expect(overview.find((o) => o.folder === 'probekurs')).toMatchObject({ ok: false, liveNumber: 2, versions: 2 });

		// Completing the course moves the learner to the live version; the lesson done on v1 stays done.
		const done2 = await db.transaction((tx) => completeLesson(tx, ctx, 'test'));
		expect(done2).toMatchObject({ percent: 100, courseCompletedNow: true });
		expect(done2.statements.map((s) => s.verb.display.en)).toEqual(['completed', 'progressed', 'completed']);
		const working = await getVersion(db, workingVersionId(ctx.enrolment, live2.course.liveVersionId));
		expect(working?.number).toBe(2);
		expect([...(await completedLessonIds(db, enrolment.id))].sort()).toEqual(['erste', 'test']);
	});

	it('refuses a folder whose slug belongs to another course id', async () => {
		const db = getDb();
		writeCourse();
		await importCourseFolder(db, dir);
		const other = path.join(root, 'probekurs-kopie');
		fs.cpSync(dir, other, { recursive: true });
		const course = fs.readFileSync(path.join(other, 'course.md'), 'utf8').replace(/^id: .*$/m, 'id: 0b6a1f0e-0000-4000-8000-000000000001');
		fs.writeFileSync(path.join(other, 'course.md'), course);
		const outcome = await importCourseFolder(db, other);
		expect(outcome.status).toBe('invalid');
		expect(outcome.problems.map((p) => p.message).join()).toMatch(/slug "probekurs" must equal the folder name|belongs to another course/);
	});
});
