import type { RenderedVariant } from '../courses/render';
import { continueLessonId } from './course-access';
import { progressPercent } from './progress';

/** The course outline as pages show it: lessons with their state, progress, and where to continue. */
export function outlineOf(view: RenderedVariant, completed: Set<string>, lastLessonId?: string | null) {
	const ids = view.lessons.map((l) => l.id);
	const continueId = continueLessonId(ids, completed, lastLessonId);
	return {
		lessons: view.lessons.map((l) => ({
			id: l.id,
			title: l.title,
			durationMin: l.durationMin ?? null,
			assessment: l.assessment,
			completed: completed.has(l.id)
		})),
		done: ids.filter((id) => completed.has(id)).length,
		total: ids.length,
		percent: progressPercent(ids, completed),
		continueId,
		continueTitle: view.lessons.find((l) => l.id === continueId)?.title ?? ''
	};
}
export type Outline = ReturnType<typeof outlineOf>;
