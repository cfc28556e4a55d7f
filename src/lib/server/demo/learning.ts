import type { Db } from '../db';
import { getLiveCourse } from '../courses/cache';
import { generateSynthetic } from '../evaluation/synthetic';

/**
 * Synthetic learning records for the demo, so the evaluator's dashboards have something to show. The
 * learners sit in their own, plainly named synthetic organisations (not the demo organisations, whose
 * member lists people try out by hand), cannot log in, and exist only where demo data is enabled.
 */
export const DEMO_LEARNING_COURSE = 'beratung-sprachbarrieren-dolmetschen';

export async function seedDemoLearning(db: Db, learners = 60): Promise<boolean> {
	const found = await getLiveCourse(db, DEMO_LEARNING_COURSE);
	if (!found) return false;
	const v = found.live;
	await db.transaction((tx) =>
		generateSynthetic(tx, { learners, versions: [{ id: v.id, courseId: v.courseId, content: v.content }], createOrganisations: 6, seed: 2026 })
	);
	return true;
}
