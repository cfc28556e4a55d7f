import type { Db } from '../db';
import { config } from '../config';
import { getLiveCourse } from '../courses/cache';
import { organisations } from '../db/schema';
import { generateSynthetic } from '../evaluation/synthetic';

/**
 * Synthetic learning records for the demo, so the evaluator's dashboards have something to show. The
 * learners sit in their own, plainly named synthetic organisations (not the demo organisations, whose
 * member lists people try out by hand), cannot log in, and exist only where demo data is enabled.
 */
export const DEMO_LEARNING_COURSE = 'beratung-sprachbarrieren-dolmetschen';

const SYNTHETIC_ORGS = [
	{ name: 'Synthetisch: Stadtverwaltung Göttingen', type: 'verwaltung', regionAgs: '03159' },
	{ name: 'Synthetisch: Jobcenter Werra-Meißner', type: 'verwaltung', regionAgs: '06636' },
	{ name: 'Synthetisch: IHK-Bezirk Tübingen', type: 'kammer', regionAgs: '08416' },
	{ name: 'Synthetisch: Handwerksbetrieb Weimar', type: 'unternehmen', regionAgs: '16055' },
	{ name: 'Synthetisch: Pflegedienst Lüneburg', type: 'unternehmen', regionAgs: '03355' },
	{ name: 'Synthetisch: Migrantenverein Fürth', type: 'migrantenorganisation', regionAgs: '09563' }
] as const;

export async function seedDemoLearning(db: Db, learners = 90, origin = config().origin): Promise<boolean> {
	const found = await getLiveCourse(db, DEMO_LEARNING_COURSE);
	if (!found) return false;
	const v = found.live;
	await db.transaction(async (tx) => {
		const orgs = await tx.insert(organisations).values([...SYNTHETIC_ORGS]).returning({ id: organisations.id });
		await generateSynthetic(tx, {
			learners,
			versions: [{ id: v.id, courseId: v.courseId, content: v.content }],
			organisationIds: orgs.map((o) => o.id),
			seed: 2026,
			// Their learning records in the LRS too, so the statement exports have something to show.
			statements: { origin }
		});
	});
	return true;
}
