import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb, queryRows } from '../db';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { importCourseFolder } from '../courses/import';
import { createOrganisation } from '../orgs';
import { validateStatement } from '../xapi/validate';
import { generateSynthetic } from './synthetic';

useTestDatabase();

const SLUG = 'beratung-sprachbarrieren-dolmetschen';
const ORIGIN = 'https://lernen.example';
let live: CachedVersion;
let org: string;
const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(getDb(), q))[0]!.n);

beforeAll(async () => {
	const db = getDb();
	await importCourseFolder(db, path.resolve('courses', SLUG));
	live = (await getLiveCourse(db, SLUG))!.live;
	org = (await createOrganisation(db, { name: 'Kreis Test', type: 'verwaltung', regionAgs: '03255' }, null)).id;
}, 60_000);

describe('synthetic learning records', () => {
	it('writes the statements the learner pages would have written, matching the progress, attempt and survey rows', async () => {
		const db = getDb();
		const versions = [{ id: live.id, courseId: live.courseId, content: live.content }];
		const result = await generateSynthetic(db, { learners: 30, versions, organisationIds: [org], seed: 3, now: new Date('2026-11-01T00:00:00Z'), statements: { origin: ORIGIN } });
		expect(result.statements).toBe(await count(sql`select count(*)::int as n from xapi_statements`));
		const verb = (name: string, kind: string) =>
			count(sql`select count(*)::int as n from xapi_statements where verb_id = ${'http://adlnet.gov/expapi/verbs/' + name} and object_id like ${`${ORIGIN}/xapi/activities/${kind}/%`}`);
		expect(await verb('answered', 'question') + (await verb('answered', 'incident'))).toBe(await count(sql`select count(*)::int as n from attempt_answers`));
		expect(await verb('completed', 'lesson') + (await verb('completed', 'assessment'))).toBe(await count(sql`select count(*)::int as n from lesson_progress where completed_at is not null`));
		expect(await verb('experienced', 'lesson') + (await verb('experienced', 'assessment'))).toBe(await count(sql`select count(*)::int as n from lesson_progress`));
		expect(await verb('completed', 'course')).toBe(await count(sql`select count(*)::int as n from enrolments where completed_at is not null`));
		expect(await verb('answered', 'survey')).toBe(await count(sql`select coalesce(sum((select count(*) from jsonb_object_keys(answers))), 0)::int as n from survey_responses`));
		expect(await verb('initialized', 'course')).toBe(await verb('terminated', 'course'));
		// Every statement belongs to an enrolment, with the learner's opaque actor, and has its link rows.
		expect(await count(sql`select count(*)::int as n from xapi_statements s join enrolments e on e.id = s.registration join users u on u.id = e.user_id
			where s.actor_ifi = ${'account:' + ORIGIN + ' '} || u.actor_id`)).toBe(result.statements);
		expect(await count(sql`select count(distinct statement_sequence)::int as n from xapi_statement_agents where "primary"`)).toBe(result.statements);
		expect(await count(sql`select count(*)::int as n from xapi_statement_activities where "primary"`)).toBe(result.statements);
		const sample = await queryRows<{ raw: unknown }>(db, sql`select raw from xapi_statements order by random() limit 50`);
		for (const { raw } of sample) {
			const s = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
			const { stored: _s, authority: _a, version: _v, ...sent } = s;
			expect(() => validateStatement(sent, 'statement', '1.0')).not.toThrow();
		}
	}, 120_000);

	it('fills up to a target number with re-reading sessions', async () => {
		const db = getDb();
		const before = await count(sql`select count(*)::int as n from xapi_statements`);
		const versions = [{ id: live.id, courseId: live.courseId, content: live.content }];
		const result = await generateSynthetic(db, { learners: 10, versions, organisationIds: [org], seed: 4, now: new Date('2026-11-01T00:00:00Z'), statements: { origin: ORIGIN, target: 3000 } });
		expect(Math.abs(result.statements - 3000)).toBeLessThanOrEqual(3);
		expect(await count(sql`select count(*)::int as n from xapi_statements`)).toBe(before + result.statements);
	}, 120_000);
});
