import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { lessonProgress, xapiStatementActivities, xapiStatements } from '../db/schema';
import { platformAuthority, recordStatements } from './store';
import { createUser } from '../users';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { fixtureFiles } from '../courses/fixtures';
import { importCourseFolder } from '../courses/import';
import type { Lesson } from '../courses/model';
import { enrol } from '../learning/enrolment';
import { completeLesson, openLesson, type LearnerContext } from '../learning/progress';
import { startAttempt, submitAttempt } from '../quiz/attempts';
import { saveSurvey } from '../quiz/survey';

useTestDatabase();

const ORIGIN = 'https://lb.example';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-xapi-rec-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let version: CachedVersion;
let courseId: string;
const lesson = (id: string): Lesson => version.content.variants.de!.lessons.find((l) => l.id === id)!;

beforeAll(async () => {
	const dir = path.join(root, 'probekurs');
	for (const [name, bytes] of fixtureFiles()) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), bytes);
	}
	await importCourseFolder(getDb(), dir);
	const live = (await getLiveCourse(getDb(), 'probekurs'))!;
	version = live.live;
	courseId = live.course.id;
});

let counter = 0;
async function learner(): Promise<LearnerContext & { email: string }> {
	const db = getDb();
	const email = `xapi-rec-${++counter}-${Date.now()}@example.org`;
	const user = await createUser(db, { email, name: 'Erika Muster', password: 'Lange-Passphrase-1', roles: [{ role: 'learner', organisationId: null }] }, null);
	const { enrolment } = await enrol(db, { userId: user.id, courseId, versionId: version.id });
	return { origin: ORIGIN, actorId: user.actorId, enrolment, version, lang: 'de', email };
}

/** What the LRS holds for one enrolment, in store order. */
async function storedFor(registration: string) {
	return getDb().select().from(xapiStatements).where(eq(xapiStatements.registration, registration)).orderBy(asc(xapiStatements.sequence));
}
const verbs = (rows: { verbId: string }[]) => rows.map((r) => r.verbId.replace('http://adlnet.gov/expapi/verbs/', ''));

describe('learning records in the LRS', () => {
	it('stores initialized and experienced when a learner opens a lesson, as an opaque account with the platform as authority', async () => {
		const db = getDb();
		const ctx = await learner();
		const built = await db.transaction((tx) => openLesson(tx, ctx, 'erste'));
		const rows = await storedFor(ctx.enrolment.id);
		expect(verbs(rows)).toEqual(['initialized', 'experienced']);
		expect(rows.map((r) => r.id)).toEqual(built.map((s) => s.id));
		const raw = rows[1]!.raw;
		expect(raw.actor).toEqual({ objectType: 'Agent', account: { homePage: ORIGIN, name: ctx.actorId } });
		expect(JSON.stringify(raw)).not.toContain(ctx.email);
		expect(JSON.stringify(raw)).not.toContain('Erika');
		expect(raw.authority).toEqual({ objectType: 'Agent', name: 'Lernbrücke', account: { homePage: ORIGIN, name: 'lernbruecke' } });
		expect(raw).toMatchObject({ ...built[1], version: '1.0.0' });
		expect(rows[1]!.actorIfi).toBe(`account:${ORIGIN} ${ctx.actorId}`);
		expect(rows[1]!.authorityClientId).toBeNull();
		const links = await db.select().from(xapiStatementActivities).where(eq(xapiStatementActivities.statementSequence, rows[1]!.sequence));
		expect(links.find((l) => l.primary)!.activityId).toBe(`${ORIGIN}/xapi/activities/lesson/${courseId}/erste`);
		expect(links.filter((l) => !l.primary).map((l) => l.activityId)).toContain(`${ORIGIN}/xapi/activities/course/${courseId}`);
	});

	it('stores nothing for a reload within a minute, and completed plus progressed when a lesson is completed', async () => {
		const db = getDb();
		const ctx = await learner();
		await db.transaction((tx) => openLesson(tx, ctx, 'erste'));
		await db.transaction((tx) => openLesson(tx, ctx, 'erste'));
		await db.transaction((tx) => completeLesson(tx, ctx, 'erste'));
		const rows = await storedFor(ctx.enrolment.id);
		expect(verbs(rows)).toEqual(['initialized', 'experienced', 'completed', 'progressed']);
		expect((rows[3]!.raw.result as Record<string, unknown>).extensions).toEqual({ 'https://w3id.org/xapi/cmi5/result/extensions/progress': 50 });
	});

	it('stores attempted, answered and passed for a submitted assessment, with the interaction and score', async () => {
		const db = getDb();
		const ctx = await learner();
		const test = lesson('test');
		const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
		await db.transaction((tx) => submitAttempt(tx, ctx, test, attempt.id, new Map([['q2', { type: 'true-false', value: true }]])));
		const rows = await storedFor(ctx.enrolment.id);
		// Passing the course issues its certificate, recorded as earned (#7).
		expect(verbs(rows)).toEqual(['attempted', 'answered', 'passed', 'passed', 'http://id.tincanapi.com/verb/earned']);
		const answered = rows[1]!.raw as { object: { definition: Record<string, unknown> }; result: Record<string, unknown> };
		expect(answered.object.definition).toMatchObject({ interactionType: 'true-false', correctResponsesPattern: ['true'] });
		expect(answered.result).toMatchObject({ response: 'true', success: true, score: { raw: 1, min: 0, max: 1, scaled: 1 } });
		expect(rows[3]!.objectId).toBe(`${ORIGIN}/xapi/activities/course/${courseId}`);
	});

	it('stores one likert answered statement per self-assessment item', async () => {
		const db = getDb();
		const ctx = await learner();
		await db.transaction((tx) => saveSurvey(tx, ctx, 'pre', { s1: 2 }));
		const rows = await storedFor(ctx.enrolment.id);
		expect(verbs(rows)).toEqual(['answered']);
		expect(rows[0]!.raw).toMatchObject({ object: { definition: { interactionType: 'likert' } }, result: { response: '2' } });
	});

	it('leaves neither progress nor statements when the transaction of a learning step fails', async () => {
		const db = getDb();
		const ctx = await learner();
		const step = db.transaction(async (tx) => {
			await openLesson(tx, ctx, 'erste');
			await recordStatements(tx, [{ actor: { mbox: 'nobody' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'https://lb.example/x' } }], platformAuthority(ORIGIN));
		});
		await expect(step).rejects.toThrow('statement[0].actor.mbox: must be a mailto IRI');
		expect(await storedFor(ctx.enrolment.id)).toEqual([]);
		expect(await db.select().from(lessonProgress).where(eq(lessonProgress.enrolmentId, ctx.enrolment.id))).toEqual([]);
	});
});
