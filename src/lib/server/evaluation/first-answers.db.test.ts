import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb, queryRows } from '../db';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { importCourseFolder } from '../courses/import';
import { lessonItems } from '../courses/model';
import { createOrganisation } from '../orgs';
import { createUser } from '../users';
import { enrol } from '../learning/enrolment';
import { startAttempt, submitAttempt } from '../quiz/attempts';
import { effectiveK } from '../stats/suppress';
import { firstAnswers, firstAnswersByLesson, firstAnswersFromAttempts, groupByLesson, rebuildFirstAnswers } from './first-answers';
import { itemAnalysisByLesson } from './items';
import type { Scope } from './overview';
import { generateSynthetic, sampleResponse } from './synthetic';

useTestDatabase();

const SLUG = 'beratung-sprachbarrieren-dolmetschen';
let live: CachedVersion;
const orgs: Record<string, string> = {};
/** Learners who answered through the app's write path, with a retake after their first attempt. */
const retakers: { enrolmentId: string; firstChoice: string }[] = [];

beforeAll(async () => {
	const db = getDb();
	await importCourseFolder(db, path.resolve('courses', SLUG));
	live = (await getLiveCourse(db, SLUG))!.live;
	orgs.kreis = (await createOrganisation(db, { name: 'Kreis Test', type: 'verwaltung', regionAgs: '03255' }, null)).id;
	orgs.kammer = (await createOrganisation(db, { name: 'Kammer Test', type: 'kammer', regionAgs: '06611' }, null)).id;
	const versions = [{ id: live.id, courseId: live.courseId, content: live.content }];
	await generateSynthetic(db, { learners: 60, versions, organisationIds: [orgs.kreis, orgs.kammer], seed: 11, now: new Date('2026-11-01T00:00:00Z') });

	// Through the quiz write path: a first attempt at the final test, then a retake with other answers.
	const variant = live.content.variants.de!;
	const test = variant.lessons.find((l) => l.assessment)!;
	for (let i = 0; i < 6; i++) {
		const user = await createUser(db, { email: `first-${i}@example.org`, name: 'F', organisationId: orgs.kreis, roles: [{ role: 'learner', organisationId: orgs.kreis }] }, null);
		const { enrolment } = await enrol(db, { userId: user.id, courseId: live.courseId, versionId: live.id });
		const ctx = { origin: 'https://lb.example', actorId: user.actorId, enrolment, version: live, lang: 'de' as const };
		for (const [n, good] of [
			[0, i % 2 === 0],
			[1, true]
		] as const) {
			const { attempt } = await db.transaction((tx) => startAttempt(tx, ctx, test));
			const responses = new Map(lessonItems(test).map((item, j) => [item.id, sampleResponse(item, good, i * 100 + j + n)]));
			await db.transaction((tx) => submitAttempt(tx, ctx, test, attempt.id, responses));
			if (n === 0) {
				const incident = lessonItems(test).find((it) => it.kind === 'incident')!;
				retakers.push({ enrolmentId: enrolment.id, firstChoice: (responses.get(incident.id) as { choice: string }).choice });
			}
		}
	}
}, 120_000);

const scope = (filter: Scope['filter'], orgScope: string[] | null = null): Scope => ({ filter, orgs: orgScope, k: effectiveK(5) });
const scopes = () => [scope({}), scope({ courseId: live.courseId }), scope({ courseId: live.courseId, orgType: 'kammer' }), scope({ courseId: live.courseId }, [orgs.kreis!])];

describe('first answers for the item analysis', () => {
	it('hold exactly the answers of each first submitted attempt, written by the generator and the quiz write path', async () => {
		const db = getDb();
		for (const s of scopes()) {
			const table = await firstAnswers(db, s);
			expect(table.length).toBeGreaterThan(0);
			expect(table).toEqual(await firstAnswersFromAttempts(db, s));
		}
		// A retake adds nothing: the row keeps the first attempt's choice.
		const all = await firstAnswers(db, scope({}));
		const incident = lessonItems(live.content.variants.de!.lessons.find((l) => l.assessment)!).find((it) => it.kind === 'incident')!;
		for (const r of retakers) {
			const rows = all.filter((a) => a.enrolment_id === r.enrolmentId && a.item_id === incident.id);
			expect(rows.map((a) => a.choice)).toEqual([r.firstChoice]);
		}
		const [attempts] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from attempts where enrolment_id in (${sql.join(retakers.map((r) => sql`${r.enrolmentId}::uuid`), sql`, `)})`);
		expect(Number(attempts!.n)).toBe(2 * retakers.length);
	});

	it('give the same item analysis as the computation from the attempts', async () => {
		const db = getDb();
		const variant = live.content.variants.de!;
		const lessonIds = variant.lessons.filter((l) => lessonItems(l).length).map((l) => l.id);
		for (const s of scopes()) {
			// Prepared by the database from the table = grouped in JavaScript from the attempts.
			const reference = groupByLesson(await firstAnswersFromAttempts(db, s));
			expect(await firstAnswersByLesson(db, s, lessonIds)).toEqual(new Map([...reference].filter(([id]) => lessonIds.includes(id))));
			const fromTable = await itemAnalysisByLesson(db, s, variant);
			expect(fromTable).toEqual(await itemAnalysisByLesson(db, s, variant, reference));
		}
		const whole = await itemAnalysisByLesson(db, scope({ courseId: live.courseId }), variant);
		const test = whole.find((l) => l.assessment)!;
		expect(test.items.some((it) => it.discrimination !== null && it.options?.some((o) => (o.all ?? 0) > 0))).toBe(true);
	});

	it('are rebuilt by the migration backfill and by rebuildFirstAnswers to the same rows', async () => {
		const db = getDb();
		const expected = await firstAnswersFromAttempts(db, scope({}));
		const migration = fs.readFileSync(path.resolve('drizzle/0014_eval-first-attempts.sql'), 'utf8').split('--> statement-breakpoint');
		const backfill = migration.find((part) => /INSERT INTO "eval_first_attempts"/.test(part))!;
		await db.execute(sql`delete from eval_first_attempts`);
		expect(await firstAnswers(db, scope({}))).toEqual([]);
		await db.execute(sql.raw(backfill));
		expect(await firstAnswers(db, scope({}))).toEqual(expected);
		await rebuildFirstAnswers(db);
		expect(await firstAnswers(db, scope({}))).toEqual(expected);
	});
});
