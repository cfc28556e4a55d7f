import { buildCourse } from '../courses/build';
import type { Lang } from '../courses/model';
import { renderCourse, type ItemView, type RenderedSegment } from '../courses/render';
import type { Problem } from '../courses/source';

export interface Preview {
	problems: Problem[];
	/** Absent while the course has problems: only a course that builds can be rendered. */
	page?: { lang: Lang; title: string; segments: RenderedSegment[]; items: Record<string, ItemView> };
}

/**
 * Validates the draft with one file replaced by the text being typed, and renders that file with the
 * learner view's renderer (same Markdown, sanitizer, item views). Asset URLs point at the draft's assets.
 */
export function previewDraft(draft: { courseId: string; slug: string }, files: Map<string, Uint8Array>, path: string, text: string): Preview {
	const changed = new Map(files);
	changed.set(path, new TextEncoder().encode(text));
	const build = buildCourse(draft.slug, changed);
	const problems = [...build.problems];
	if (build.content && build.content.id !== draft.courseId)
		problems.push({ file: 'course.md', line: 2, column: 1, message: `id must stay ${draft.courseId}: a course's id never changes` });
	if (!build.content || problems.length) return { problems };

	const tr = /^translations\/(de|en)\/(.+)$/.exec(path);
	const lang = (tr?.[1] as Lang | undefined) ?? build.content.language;
	const file = tr ? tr[2]! : path;
	// Version number 0 never exists: its asset prefix is swapped for the draft's own asset route below.
	const rendered = renderCourse(build.content, 0)[lang];
	const variant = build.content.variants[lang];
	if (!rendered || !variant) return { problems };
	const from = `/courses/${draft.slug}/assets/0/`;
	const to = `/trainer/authoring/${draft.courseId}/assets/`;
	const fix = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll(from, to)) as T;

	if (file === 'course.md') return { problems, page: fix({ lang, title: rendered.title, segments: rendered.overview, items: {} }) };
	const index = variant.lessons.findIndex((l) => l.file === file || l.file === path);
	const lesson = rendered.lessons[index];
	if (!lesson) return { problems };
	const items: Record<string, ItemView> = {};
	for (const id of lesson.itemIds) items[id] = rendered.items.get(id)!.view;
	return { problems, page: fix({ lang, title: lesson.title, segments: lesson.segments, items }) };
}
