import { GAP_MARKER } from './blocks';
import { createMarkdown, plainText, slugify, type Heading, type MarkdownRenderer } from './markdown';
import type { CourseContent, CourseVariant, Lang, Lesson, QuizType, ScoredItem, Segment, Survey } from './model';

/**
 * A course variant rendered once per cached version: HTML for every text, and for every scored item the
 * parts a learner sees before answering (`view`) kept apart from the parts they may see only afterwards
 * (`reveal`). Page data is built from `view` only (see public.ts).
 */
export interface ItemView {
	id: string;
	kind: 'quiz' | 'incident';
	type: QuizType | 'incident';
	points: number;
	promptHtml: string;
	/** single, multiple, incident (authored order; shuffled per attempt). */
	options?: { id: string; html: string }[];
	/** matching: the left sides, and the right sides offered in each select (plain text). */
	lefts?: { id: string; html: string }[];
	rights?: { id: string; label: string }[];
	/** ordering (authored order is the answer: always shuffled per attempt). */
	entries?: { id: string; html: string }[];
	cloze?: ({ html: string } | { gap: string })[];
	situationHtml?: string;
	rateEach?: boolean;
}
export interface ItemReveal {
	correctHtml?: string;
	incorrectHtml?: string;
	options: Record<string, string>;
}
export interface RenderedItem {
	view: ItemView;
	reveal: ItemReveal;
}

export type RenderedSegment =
	| { kind: 'html'; html: string }
	| { kind: 'callout'; type: 'info' | 'warning' | 'tip'; title: string; html: string }
	| { kind: 'video'; title: string; src: string; captions: string; poster?: string; transcriptHtml: string }
	| { kind: 'item'; id: string };

export interface RenderedLesson {
	id: string;
	title: string;
	durationMin?: number;
	assessment: boolean;
	segments: RenderedSegment[];
	headings: Heading[];
	itemIds: string[];
}

export interface RenderedSurvey {
	id: string;
	scale: [number, number];
	labels: Record<string, string>;
	items: { id: string; html: string; dimension?: string }[];
}

export interface RenderedVariant {
	lang: Lang;
	title: string;
	summary: string;
	objectivesHtml: string[];
	sourcesHtml: string[];
	authors: string[];
	overview: RenderedSegment[];
	glossary: { term: string; anchor: string; html: string }[];
	lessons: RenderedLesson[];
	items: Map<string, RenderedItem>;
	survey?: RenderedSurvey;
}

export function courseUrls(slug: string, versionNumber: number) {
	return {
		course: `/courses/${slug}`,
		lesson: (id: string) => `/courses/${slug}/lessons/${id}`,
		glossary: `/courses/${slug}/glossary`,
		assets: `/courses/${slug}/assets/${versionNumber}`
	};
}

export function renderVariant(content: CourseContent, variant: CourseVariant, versionNumber: number): RenderedVariant {
	const urls = courseUrls(content.slug, versionNumber);
	const glossary = variant.glossary.map((g) => ({ ...g, anchor: `begriff-${slugify(g.term)}` }));
	const md = createMarkdown({
		assetBase: urls.assets,
		lessonHref: (file) => {
			const lesson = variant.lessons.find((l) => l.file === file);
			return lesson && urls.lesson(lesson.id);
		},
		glossaryHref: urls.glossary,
		glossary,
		tableLabel: variant.lang === 'en' ? 'Table' : 'Tabelle'
	});
	const items = new Map<string, RenderedItem>();
	const renderBody = (body: Segment[]) => body.flatMap((s) => renderSegment(md, s, items));

	md.reset();
	const overview = renderBody(variant.overview.filter((s) => s.kind !== 'survey'));
	const lessons = variant.lessons.map((l: Lesson): RenderedLesson => {
		md.reset();
		const segments = renderBody(l.body);
		return {
			id: l.id,
			title: l.title,
			durationMin: l.durationMin,
			assessment: l.assessment,
			segments,
			headings: md.headings().filter((h) => h.depth === 2),
			itemIds: segments.flatMap((s) => (s.kind === 'item' ? [s.id] : []))
		};
	});
	md.reset();
	const survey = variant.overview.find((s): s is Survey => s.kind === 'survey' && s.id === content.prePost);
	return {
		lang: variant.lang,
		title: variant.title,
		summary: variant.summary,
		objectivesHtml: variant.objectives.map((o) => md.label(o)),
		sourcesHtml: variant.sources.map((s) => md.label(s)),
		authors: variant.authors,
		overview,
		glossary: glossary
			.map((g) => ({ term: g.term, anchor: g.anchor, html: md.label(g.definition) }))
			.sort((a, b) => a.term.localeCompare(b.term, variant.lang)),
		lessons,
		items,
		survey: survey && {
			id: survey.id,
			scale: survey.scale,
			labels: survey.labels,
			items: survey.items.map((i) => ({ id: i.id, html: md.label(i.text), dimension: i.dimension }))
		}
	};
}

function renderSegment(md: MarkdownRenderer, s: Segment, items: Map<string, RenderedItem>): RenderedSegment[] {
	switch (s.kind) {
		case 'markdown':
			return [{ kind: 'html', html: md.block(s.text) }];
		case 'callout':
			return [{ kind: 'callout', type: s.type, title: s.title, html: md.block(s.body) }];
		case 'video':
			return [
				{
					kind: 'video',
					title: s.title,
					src: md.resolve(s.src),
					captions: md.resolve(s.captions),
					poster: s.poster && md.resolve(s.poster),
					transcriptHtml: md.block(s.transcript)
				}
			];
		case 'survey':
			return [];
		default:
			items.set(s.id, renderItem(md, s));
			return [{ kind: 'item', id: s.id }];
	}
}

function renderItem(md: MarkdownRenderer, item: ScoredItem): RenderedItem {
	const reveal: ItemReveal = {
		options: {},
		correctHtml: item.kind === 'quiz' && item.feedback?.correct ? md.block(item.feedback.correct) : undefined,
		incorrectHtml: item.kind === 'quiz' && item.feedback?.incorrect ? md.block(item.feedback.incorrect) : undefined
	};
	if (item.kind === 'incident') {
		for (const o of item.options) reveal.options[o.id] = md.block(o.feedback);
		return {
			view: {
				id: item.id,
				kind: 'incident',
				type: 'incident',
				points: item.points,
				promptHtml: md.label(item.question),
				situationHtml: md.block(item.situation),
				options: item.options.map((o) => ({ id: o.id, html: md.label(o.text) })),
				rateEach: item.rateEach
			},
			reveal
		};
	}
	const view: ItemView = { id: item.id, kind: 'quiz', type: item.type, points: item.points, promptHtml: md.label(item.prompt) };
	switch (item.type) {
		case 'single':
		case 'multiple':
			view.options = item.options.map((o) => ({ id: o.id, html: md.label(o.text) }));
			for (const o of item.options) if (o.feedback) reveal.options[o.id] = md.block(o.feedback);
			break;
		case 'matching':
			view.lefts = item.pairs.map((p) => ({ id: p.id, html: md.label(p.left) }));
			view.rights = item.pairs.map((p) => ({ id: p.id, label: plainText(p.right) }));
			break;
		case 'ordering':
			view.entries = item.items.map((i) => ({ id: i.id, html: md.label(i.text) }));
			break;
		case 'cloze':
			view.cloze = item.text.split(GAP_MARKER).map((part, i) => (i % 2 ? { gap: part } : { html: md.label(part) }));
			break;
	}
	return { view, reveal };
}

export function renderCourse(content: CourseContent, versionNumber: number): Partial<Record<Lang, RenderedVariant>> {
	const out: Partial<Record<Lang, RenderedVariant>> = {};
	for (const [lang, variant] of Object.entries(content.variants)) {
		if (variant) out[lang as Lang] = renderVariant(content, variant, versionNumber);
	}
	return out;
}
