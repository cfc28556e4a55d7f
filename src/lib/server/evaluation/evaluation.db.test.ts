import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb, queryRows } from '../db';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { importCourseFolder } from '../courses/import';
import { createOrganisation } from '../orgs';
import { setSetting } from '../settings';
import { dashboard } from './dashboard';
import { generateSynthetic } from './synthetic';

useTestDatabase();

const SLUG = 'beratung-sprachbarrieren-dolmetschen';
let live: CachedVersion;
const orgs: Record<string, string> = {};

beforeAll(async () => {
	const db = getDb();
	await importCourseFolder(db, path.resolve('courses', SLUG));
	live = (await getLiveCourse(db, SLUG))!.live;
	orgs.kreis = (await createOrganisation(db, { name: 'Kreis Test', type: 'verwaltung', regionAgs: '03255' }, null)).id;
	orgs.kammer = (await createOrganisation(db, { name: 'Kammer Test', type: 'kammer', regionAgs: '06611' }, null)).id;
	orgs.klein = (await createOrganisation(db, { name: 'Kleiner Betrieb', type: 'unternehmen', regionAgs: '03453' }, null)).id;
	const versions = [{ id: live.id, courseId: live.courseId, content: live.content }];
	await generateSynthetic(db, { learners: 160, versions, organisationIds: [orgs.kreis, orgs.kammer], seed: 7, now: new Date('2026-11-01T00:00:00Z') });
	await generateSynthetic(db, { learners: 3, versions, organisationIds: [orgs.klein], seed: 8, now: new Date('2026-11-01T00:00:00Z') });
}, 120_000);

const params = (q: Record<string, string>) => new URLSearchParams(q);
async function enrolledIn(orgIds: string[]) {
	const [row] = await queryRows<{ n: number }>(
		getDb(),
		sql`select count(*)::int as n from enrolments e join users u on u.id = e.user_id where u.organisation_id in (${sql.join(orgIds.map((id) => sql`${id}::uuid`), sql`, `)})`
	);
	return Number(row!.n);
}

describe('evaluator dashboard', () => {
	it('counts every enrolment in the funnel and never shows a figure from fewer than k learners', async () => {
		const d = await dashboard(getDb(), params({}), null, 'de');
		const enrolled = d.funnel.steps[0]!.n;
		expect(enrolled).toBe(await enrolledIn([orgs.kreis!, orgs.kammer!, orgs.klein!]));
		const figures = [
			...d.funnel.steps.map((s) => s.n),
			...d.timeline.months.flatMap((x) => [x.enrolled, x.completed]),
			...d.cross.enrolled.cells.flat(),
			...d.cross.completed.cells.flat()
		];
		for (const f of figures) if (f !== null) expect(f === 0 || f >= 5).toBe(true);
	});

	it('withholds the small organisation in the cross table together with a complement', async () => {
		const d = await dashboard(getDb(), params({}), null, 'de');
		const row = d.cross.rows.indexOf('unternehmen');
		const col = d.cross.cols.findIndex((c) => c.code === 'NI');
		expect(d.cross.enrolled.cells[row]![col]).toBeNull();
		// The Niedersachsen column and the company row each have a second withheld entry.
		expect(d.cross.enrolled.cells.map((r) => r[col]).concat(d.cross.enrolled.colTotals[col]!).filter((v) => v === null).length).toBeGreaterThanOrEqual(2);
		expect([...d.cross.enrolled.cells[row]!, d.cross.enrolled.rowTotals[row]!].filter((v) => v === null).length).toBeGreaterThanOrEqual(2);
	});

	it('shows a scoped evaluator only their organisation and ignores a foreign organisation filter', async () => {
		const d = await dashboard(getDb(), params({ org: orgs.kammer! }), [orgs.kreis!], 'de');
		expect(d.ignored).toEqual(['org']);
		expect(d.options.organisations.map((o) => o.id)).toEqual([orgs.kreis]);
		expect(d.funnel.steps[0]!.n).toBe(await enrolledIn([orgs.kreis!]));
	});

	it('applies type, region and organisation filters and ignores unknown values with a notice', async () => {
		const byType = await dashboard(getDb(), params({ orgtype: 'kammer' }), null, 'de');
		expect(byType.funnel.steps[0]!.n).toBe(await enrolledIn([orgs.kammer!]));
		const byLand = await dashboard(getDb(), params({ region: 'NI' }), null, 'de');
		// Niedersachsen holds the Kreis and the small company: 3 more than the Kreis alone, so the total shows.
		expect(byLand.funnel.steps[0]!.n).toBe(await enrolledIn([orgs.kreis!, orgs.klein!]));
		const small = await dashboard(getDb(), params({ org: orgs.klein! }), null, 'de');
		expect(small.funnel.steps.map((s) => s.n)).toEqual([null, null, null, null].map((v, i) => (i === 3 && small.funnel.steps[3]!.n === 0 ? 0 : v)));
		const bad = await dashboard(getDb(), params({ orgtype: 'zirkus', course: 'gibt-es-nicht', from: '2026-13-40', region: 'XX' }), null, 'de');
		expect(bad.ignored.sort()).toEqual(['course', 'from', 'orgtype', 'region']);
		expect(bad.funnel.steps[0]!.n).toBe(byType.funnel.steps[0]!.n! + (await enrolledIn([orgs.kreis!, orgs.klein!])));
	});

	it('limits the period by enrolment date', async () => {
		const all = await dashboard(getDb(), params({}), null, 'de');
		const recent = await dashboard(getDb(), params({ from: '2026-08-01' }), null, 'de');
		const [row] = await queryRows<{ n: number }>(getDb(), sql`select count(*)::int as n from enrolments where enrolled_at >= '2026-08-01'`);
		expect(recent.funnel.steps[0]!.n).toBe(Number(row!.n));
		expect(recent.funnel.steps[0]!.n!).toBeLessThan(all.funnel.steps[0]!.n!);
	});

	it('reports the pre/post gain with d_z and its interval, item analysis and lesson times for a course', async () => {
		const d = await dashboard(getDb(), params({ course: SLUG }), null, 'de');
		const c = d.course!;
		expect(c.title).toBe(live.content.variants.de!.title);
		const scale = c.prePost!.scales[0]!;
		expect(scale.n!).toBeGreaterThanOrEqual(5);
		expect(scale.result!.diff.mean).toBeGreaterThan(0);
		expect(scale.result!.dzCi![0]).toBeLessThan(scale.result!.dz!);
		expect(scale.result!.dzCi![1]).toBeGreaterThan(scale.result!.dz!);
		const test = c.items.find((l) => l.assessment)!;
		expect(test.n!).toBeGreaterThanOrEqual(5);
		for (const it of test.items) if (it.p !== null) expect(it.p).toBeGreaterThanOrEqual(0);
		expect(test.items.some((it) => it.p !== null && it.discrimination !== null)).toBe(true);
		expect(c.lessons[0]!.reached!).toBeGreaterThanOrEqual(c.lessons.at(-1)!.reached ?? 0);
		expect(c.lessons[0]!.minutes!.q1).toBeLessThanOrEqual(c.lessons[0]!.minutes!.median);
	});

	it('raises k from the admin setting, and never goes below 5', async () => {
		const db = getDb();
		await setSetting(db, 'stats_min_cell', 100, null);
		const strict = await dashboard(db, params({ orgtype: 'kammer' }), null, 'de');
		expect(strict.k).toBe(100);
		expect(strict.funnel.steps[0]!.n).toBeNull();
		await setSetting(db, 'stats_min_cell', 5, null);
		await expect(setSetting(db, 'stats_min_cell', 3 as never, null)).rejects.toThrow();
	});
});
