import type { Block, CourseVariant, Lang, Lesson, Segment } from './model';
import type { ProblemList } from './problems';
import type { CourseMeta, LessonMeta } from './schema';
import { dropTitleHeading, type ParsedFile, type ParsedVariant } from './variant';

/** Course keys a translation must leave as the original has them: they decide scoring, audience, certificates. */
const INVARIANT_COURSE_KEYS = [
	'id',
	'slug',
	'version',
	'language',
	'audience',
	'workload_ue',
	'competence',
	'passing_score',
	'certificate',
	'pre_post',
	'enrolment',
	'multiple_scoring'
] as const satisfies readonly (keyof CourseMeta)[];
const INVARIANT_LESSON_KEYS = ['id', 'duration_min', 'assessment', 'feedback', 'max_attempts'] as const;

export function lessonFromParsed(f: ParsedFile<LessonMeta>, body: Segment[] = f.body): Lesson {
	const m = f.meta;
	return {
		id: m.id,
		file: f.file.split('/').pop()!,
		title: m.title,
		durationMin: m.duration_min,
		assessment: m.assessment,
		feedback: m.feedback ?? (m.assessment ? 'after_attempt' : 'immediate'),
		maxAttempts: m.max_attempts,
		body: dropTitleHeading(body, m.title)
	};
}

export function originalVariant(lang: Lang, v: ParsedVariant): CourseVariant {
	const m = v.course.meta;
	return {
		lang,
		title: m.title,
		summary: m.summary,
		objectives: m.objectives,
		glossary: m.glossary,
		authors: m.authors,
		sources: m.sources,
		overview: dropTitleHeading(v.course.body, m.title),
		lessons: v.lessons.map((l) => lessonFromParsed(l))
	};
}

/**
 * A translation changes texts only. Everything that scores (correct options, ratings, true/false answers,
 * the order of an ordering item, points) comes from the original, so statistics stay one course; cloze gaps
 * are the exception, because accepted answers belong to the language.
 */
export function translatedVariant(
	lang: Lang,
	original: ParsedVariant,
	tr: ParsedVariant,
	problems: ProblemList
): CourseVariant | undefined {
	const before = problems.items.length;
	const om = original.course.meta;
	const tm = tr.course.meta;
	for (const key of INVARIANT_COURSE_KEYS) {
		if (JSON.stringify(om[key]) !== JSON.stringify(tm[key])) {
			const hint = key === 'language' ? ` (keep the original's language "${om.language}"; the folder name gives the translation's)` : '';
			problems.at(tr.course.file, tr.course.yaml, [key], `${key} must be the same as in the original course.md${hint}`);
		}
	}
	const overview = mergeBody(original.course, tr.course, problems);
	const lessons: Lesson[] = [];
	for (const ol of original.lessons) {
		const tl = tr.lessons.find((l) => l.file.endsWith(`/${ol.file}`));
		if (!tl) continue; // reported by parseVariant
		for (const key of INVARIANT_LESSON_KEYS) {
			if (JSON.stringify(ol.meta[key]) !== JSON.stringify(tl.meta[key]))
				problems.at(tl.file, tl.yaml, [key], `${key} must be the same as in the original ${ol.file}`);
		}
		lessons.push(lessonFromParsed({ ...tl, meta: { ...ol.meta, title: tl.meta.title } }, mergeBody(ol, tl, problems)));
	}
	if (problems.items.length > before) return undefined;
	return {
		lang,
		title: tm.title,
		summary: tm.summary,
		objectives: tm.objectives,
		glossary: tm.glossary,
		authors: tm.authors,
		sources: tm.sources,
		overview: dropTitleHeading(overview, tm.title),
		lessons
	};
}

function mergeBody<M>(orig: ParsedFile<M>, tr: ParsedFile<M>, problems: ProblemList): Segment[] {
	const originals = new Map<string, Block>();
	for (const b of orig.body) if (b.kind !== 'markdown' && b.kind !== 'callout' && b.id) originals.set(b.id, b);
	const seen = new Set<string>();
	const body: Segment[] = [];
	for (const seg of tr.body) {
		if (seg.kind === 'markdown' || seg.kind === 'callout' || !seg.id) {
			body.push(seg);
			continue;
		}
		const line = tr.blockLines.get(seg) ?? 1;
		const o = originals.get(seg.id);
		if (!o) {
			problems.add(tr.file, line, 1, `block "${seg.id}" is not in the original ${orig.file}`);
			continue;
		}
		seen.add(seg.id);
		const merged = mergeBlock(o, seg, (msg) => problems.add(tr.file, line, 1, `block "${seg.id}": ${msg}`));
		if (merged) body.push(merged);
	}
	for (const id of originals.keys()) {
		if (!seen.has(id)) problems.add(tr.file, 1, 1, `the translation lacks block "${id}" of ${orig.file}`);
	}
	return body;
}

/** Same ids on both sides; reports what the translation lacks or adds. */
function sameIds(what: string, a: string[], b: string[], report: (m: string) => void): boolean {
	const missing = a.filter((x) => !b.includes(x));
	const extra = b.filter((x) => !a.includes(x));
	for (const id of missing) report(`the translation lacks ${what} "${id}"`);
	for (const id of extra) report(`${what} "${id}" is not in the original`);
	return !missing.length && !extra.length;
}

function byId<T extends { id: string }>(list: T[], id: string): T {
	return list.find((x) => x.id === id)!;
}

function mergeBlock(o: Block, t: Block, report: (m: string) => void): Block | undefined {
	if (o.kind !== t.kind) return void report(`is a ${t.kind} here but a ${o.kind} in the original`);
	if (o.kind === 'quiz' && t.kind === 'quiz') {
		if (o.type !== t.type) return void report(`type must be ${o.type} as in the original`);
		const texts = { prompt: t.prompt, feedback: t.feedback };
		const keep = { kind: o.kind, id: o.id, points: o.points, shuffle: o.shuffle, ...texts };
		if ((o.type === 'single' || o.type === 'multiple') && (t.type === 'single' || t.type === 'multiple')) {
			if (!sameIds('option', o.options.map((x) => x.id), t.options.map((x) => x.id), report)) return undefined;
			const options = o.options.map((x) => ({ ...x, text: byId(t.options, x.id).text, feedback: byId(t.options, x.id).feedback }));
			return o.type === 'single' ? { ...keep, type: 'single', options } : { ...keep, type: 'multiple', options };
		}
		if (o.type === 'true-false') return { ...keep, type: o.type, answer: o.answer };
		if (o.type === 'matching' && t.type === 'matching') {
			if (!sameIds('pair', o.pairs.map((x) => x.id), t.pairs.map((x) => x.id), report)) return undefined;
			return { ...keep, type: o.type, pairs: o.pairs.map((x) => ({ ...byId(t.pairs, x.id), id: x.id })) };
		}
		if (o.type === 'ordering' && t.type === 'ordering') {
			if (!sameIds('item', o.items.map((x) => x.id), t.items.map((x) => x.id), report)) return undefined;
			return { ...keep, type: o.type, items: o.items.map((x) => ({ id: x.id, text: byId(t.items, x.id).text })) };
		}
		if (o.type === 'cloze' && t.type === 'cloze') {
			if (!sameIds('gap', Object.keys(o.gaps), Object.keys(t.gaps), report)) return undefined;
			return { ...keep, type: o.type, text: t.text, gaps: t.gaps, caseSensitive: o.caseSensitive };
		}
		return undefined;
	}
	if (o.kind === 'incident' && t.kind === 'incident') {
		if (!sameIds('option', o.options.map((x) => x.id), t.options.map((x) => x.id), report)) return undefined;
		const options = o.options.map((x) => ({ ...byId(t.options, x.id), id: x.id, rating: x.rating }));
		return { ...o, situation: t.situation, question: t.question, options };
	}
	if (o.kind === 'survey' && t.kind === 'survey') {
		if (!sameIds('item', o.items.map((x) => x.id), t.items.map((x) => x.id), report)) return undefined;
		const items = o.items.map((x) => ({ ...x, text: byId(t.items, x.id).text }));
		return { ...o, labels: t.labels, items };
	}
	if (o.kind === 'video' && t.kind === 'video') return t;
	return undefined;
}
