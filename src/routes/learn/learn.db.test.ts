import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingDatabase, useTestDatabase } from '../../../tests/setup/db';
import { getDb, useDatabase } from '$lib/server/db';
import { validateSessionToken, createSession, generateSessionToken } from '$lib/server/auth/session';
import { createUser } from '$lib/server/users';
import { getLiveCourse } from '$lib/server/courses/cache';
import { FIXTURE_ID, fixtureCourseMd, fixtureFiles } from '$lib/server/courses/fixtures';
import { importCourseFolder } from '$lib/server/courses/import';
import { enrol } from '$lib/server/learning/enrolment';
import { completeLesson } from '$lib/server/learning/progress';
import { load } from './+page.server';

// The learner's home shows every enrolled course with its progress. Its queries must not grow with the
// number of courses (it once ran one completed-lessons query per enrolment).
const database = useTestDatabase();

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-learn-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const SLUGS = ['kurs-a', 'kurs-b', 'kurs-c', 'kurs-d'];

beforeAll(async () => {
	for (const [i, slug] of SLUGS.entries()) {
		const id = FIXTURE_ID.slice(0, -1) + String(i);
		const folder = path.join(root, slug);
		for (const [name, bytes] of fixtureFiles({ 'course.md': fixtureCourseMd().replace(FIXTURE_ID, id).replace('slug: probekurs', `slug: ${slug}`) })) {
			fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
			fs.writeFileSync(path.join(folder, name), bytes);
		}
		await importCourseFolder(getDb(), folder);
	}
});

let counter = 0;
async function learnerIn(slugs: string[]) {
	const db = getDb();
	const user = await createUser(db, { email: `learn-${++counter}-${Date.now()}@example.org`, name: 'L', password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
	for (const slug of slugs) {
		const live = (await getLiveCourse(db, slug))!;
		const { enrolment } = await enrol(db, { userId: user.id, courseId: live.course.id, versionId: live.live.id });
		await db.transaction((tx) => completeLesson(tx, { origin: 'https://lb.example', actorId: user.actorId, enrolment, version: live.live, lang: 'de' }, 'erste'));
	}
	const token = generateSessionToken();
	await createSession(db, token, user.id);
	return (await validateSessionToken(db, token))!.user;
}

type LearnData = { courses: { slug: string; done: number; total: number }[] };
async function home(user: Awaited<ReturnType<typeof learnerIn>>) {
	const counting = await countingDatabase(database());
	useDatabase(counting.database);
	try {
		const data = (await load({ locals: { user }, url: new URL('https://lb.example/learn') } as never)) as unknown as LearnData;
		return { data, queries: counting.count() };
	} finally {
		useDatabase(database());
	}
}

describe('learner home', () => {
	it('shows each course’s progress with as many queries for four courses as for one', async () => {
		const one = await home(await learnerIn(SLUGS.slice(0, 1)));
		const four = await home(await learnerIn(SLUGS));
		expect(one.data.courses.map((c) => c.slug)).toEqual(['kurs-a']);
		expect(four.data.courses.map((c) => c.slug).sort()).toEqual(SLUGS);
		for (const c of [...one.data.courses, ...four.data.courses]) {
			expect(c.done).toBe(1);
			expect(c.total).toBeGreaterThan(1);
		}
		expect(one.queries).toBeGreaterThan(0);
		expect(four.queries).toBe(one.queries);
	});
});
