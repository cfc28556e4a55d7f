import { buildCourse } from '../courses/build';
import { lessonItems, type CourseContent, type CourseVariant, type Lang, type Lesson } from '../courses/model';
import { renderCourse, type RenderedVariant } from '../courses/render';
import type { Problem } from '../courses/source';
import type { Attempt, AttemptAnswer } from '../db/schema';
import { orderFor, QuizError } from '../quiz/attempts';
import { readResponse, TamperedFormError } from '../quiz/form';
import { quizState, type QuizState } from '../quiz/lesson-state';
import { attemptOutcome, scoreItem } from '../quiz/scoring';

/**
 * "Preview as learner": the draft as a learner would take it, with the learner's renderer, form reader,
 * scoring and quiz state, but nothing is stored. What the trainer has answered lives only in a cookie on
 * their browser (the raw form fields, read again with the learner's form reader on every request, so a
 * changed cookie is refused like a tampered form). No enrolment, attempt, progress or statement is written.
 */

export interface DraftCourse {
	content: CourseContent;
	lang: Lang;
	model: CourseVariant;
	view: RenderedVariant;
}

type Values = Record<string, string | string[]>;

export interface TryLesson {
	/** Attempt number (1-based). */
	n: number;
	orders: Record<string, string[]>;
	/** Form fields of the answered items, merged (every field name starts with its item's id). */
	values: Values;
	answered: string[];
	submitted: boolean;
	started: number;
}

export interface TryState {
	lessons: Record<string, TryLesson>;
	done: string[];
}

export const emptyTryState = (): TryState => ({ lessons: {}, done: [] });

/** Builds and renders the draft as it is saved; undefined course while it has problems (only a valid course runs). */
export function draftCourse(draft: { courseId: string; slug: string }, files: Map<string, Uint8Array>): { course?: DraftCourse; problems: Problem[] } {
	const build = buildCourse(draft.slug, files);
	if (!build.content || build.problems.length) return { problems: build.problems };
	const lang = build.content.language;
	// Version 0 never exists; its URLs are rewritten to the draft's routes by `draftUrls`.
	const view = renderCourse(build.content, 0)[lang];
	const model = build.content.variants[lang];
	if (!view || !model) return { problems: build.problems };
	return { course: { content: build.content, lang, model, view }, problems: [] };
}

/** Rewrites asset and lesson links of rendered HTML (inside any JSON-able value) to the draft's own routes. */
export function draftUrls<T>(draft: { courseId: string; slug: string }, value: T): T {
	const json = JSON.stringify(value)
		.replaceAll(`/courses/${draft.slug}/assets/0/`, `/trainer/authoring/${draft.courseId}/assets/`)
		.replaceAll(`/courses/${draft.slug}/lessons/`, `/trainer/authoring/${draft.courseId}/try/`);
	return JSON.parse(json) as T;
}

const itemsOf = (lesson: Lesson) => lessonItems(lesson);

function freshAttempt(lesson: Lesson, n: number): TryLesson {
	const orders = Object.fromEntries(itemsOf(lesson).map((item) => [item.id, orderFor(item)]));
	return { n, orders, values: {}, answered: [], submitted: false, started: Date.now() };
}

/** Only the fields of one item (its id, or `<id>.<part>`). */
function fieldsOf(values: Values, itemId: string): Values {
	return Object.fromEntries(Object.entries(values).filter(([k]) => k === itemId || k.startsWith(itemId + '.')));
}

/** The lesson's state for the page; a lesson quiz starts its first attempt on opening, as for learners. */
export function openTryLesson(state: TryState, lesson: Lesson): TryState {
	if (!itemsOf(lesson).length || state.lessons[lesson.id] || lesson.assessment) return state;
	return { ...state, lessons: { ...state.lessons, [lesson.id]: freshAttempt(lesson, 1) } };
}

/** Scores the stored fields with the learner's scoring; a field the item does not have refuses the whole state. */
function answersOf(course: DraftCourse, lesson: Lesson, t: TryLesson): AttemptAnswer[] {
	const at = new Date(t.started);
	return itemsOf(lesson)
		.filter((item) => t.answered.includes(item.id))
		.map((item) => {
			const response = readResponse(item, fieldsOf(t.values, item.id));
			const s = scoreItem(item, response, course.content.multipleScoring);
			return { attemptId: `try-${t.n}`, itemId: item.id, response, score: s.score, maxScore: s.max, correct: s.correct, answeredAt: at };
		});
}

function attemptsOf(course: DraftCourse, lesson: Lesson, t: TryLesson | undefined, answers: AttemptAnswer[]): Attempt[] {
	if (!t) return [];
	const at = new Date(t.started);
	const outcome = t.submitted ? attemptOutcome(answers, lesson.assessment, course.content.passingScore) : null;
	const base = { enrolmentId: '', lessonId: lesson.id, versionId: '', orders: {}, startedAt: at, submittedAt: at, score: null, maxScore: null, passed: null };
	// Earlier attempts only count towards the limit; their answers are gone with the retry.
	const earlier: Attempt[] = Array.from({ length: t.n - 1 }, (_, i) => ({ ...base, id: `try-${i + 1}`, number: i + 1 }));
	const current: Attempt = {
		...base,
		id: `try-${t.n}`,
		number: t.n,
		orders: t.orders,
		submittedAt: t.submitted ? at : null,
		score: outcome?.score ?? null,
		maxScore: outcome?.maxScore ?? null,
		passed: outcome?.passed ?? null
	};
	return [...earlier, current];
}

/** The learner's quiz state of a lesson, computed from the preview state; null when the lesson has no items. */
export function tryQuizState(course: DraftCourse, lesson: Lesson, state: TryState): QuizState | null {
	if (!itemsOf(lesson).length) return null;
	const t = state.lessons[lesson.id];
	const answers = t ? answersOf(course, lesson, t) : [];
	return quizState({ lesson, rendered: course.view, attempts: attemptsOf(course, lesson, t, answers), answers, passingScore: course.content.passingScore });
}

function withLesson(state: TryState, lessonId: string, t: TryLesson): TryState {
	return { ...state, lessons: { ...state.lessons, [lessonId]: t } };
}

function openAttempt(state: TryState, lesson: Lesson): TryLesson {
	const t = state.lessons[lesson.id];
	if (!t) throw new QuizError('unknown_attempt');
	if (t.submitted) throw new QuizError('closed');
	return t;
}

const withoutControls = (values: Values): Values =>
	Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'item' && k !== 'attempt' && k !== 'move' && k !== 'moved'));

export function tryStart(state: TryState, lesson: Lesson): TryState {
	const t = state.lessons[lesson.id];
	if (t && !t.submitted) throw new QuizError('open_attempt');
	const used = t?.n ?? 0;
	if (lesson.maxAttempts !== undefined && used >= lesson.maxAttempts) throw new QuizError('limit');
	return withLesson(state, lesson.id, freshAttempt(lesson, used + 1));
}

/** Immediate feedback: one item; the attempt closes with its last item, as for learners. */
export function tryAnswer(state: TryState, lesson: Lesson, values: Values): TryState {
	const item = itemsOf(lesson).find((i) => i.id === values.item);
	if (!item) throw new TamperedFormError(String(values.item), 'unknown item');
	const t = openAttempt(state, lesson);
	if (t.answered.includes(item.id)) throw new QuizError('already_answered');
	const fields = fieldsOf(withoutControls(values), item.id);
	readResponse(item, fields);
	const answered = [...t.answered, item.id];
	return withLesson(state, lesson.id, { ...t, values: { ...t.values, ...fields }, answered, submitted: answered.length >= itemsOf(lesson).length });
}

/** Assessments and after-attempt feedback: every item at once. */
export function trySubmit(state: TryState, lesson: Lesson, values: Values): TryState {
	const t = openAttempt(state, lesson);
	const clean = withoutControls(values);
	const fields: Values = {};
	for (const item of itemsOf(lesson)) {
		const own = fieldsOf(clean, item.id);
		readResponse(item, own);
		Object.assign(fields, own);
	}
	return withLesson(state, lesson.id, { ...t, values: fields, answered: itemsOf(lesson).map((i) => i.id), submitted: true });
}

/** Lesson completion needs a closed attempt at its items, as for learners. */
export function tryItemsDone(state: TryState, lesson: Lesson): boolean {
	return !itemsOf(lesson).length || !!state.lessons[lesson.id]?.submitted || (state.lessons[lesson.id]?.n ?? 0) > 1;
}

export function tryComplete(state: TryState, lessonId: string): TryState {
	return state.done.includes(lessonId) ? state : { ...state, done: [...state.done, lessonId] };
}

/** Cookies hold about 4 KB: the lessons worked on longest ago are dropped first. */
const MAX_COOKIE = 3800;

export function encodeTryState(state: TryState, keep: string): string | null {
	let s = state;
	for (;;) {
		const encoded = Buffer.from(JSON.stringify(s)).toString('base64url');
		if (encoded.length <= MAX_COOKIE) return encoded;
		const others = Object.entries(s.lessons)
			.filter(([id]) => id !== keep)
			.sort((a, b) => a[1].started - b[1].started);
		if (!others.length) return null;
		const { [others[0]![0]]: _dropped, ...rest } = s.lessons;
		s = { ...s, lessons: rest };
	}
}

/** Any cookie that is not a preview state of this shape starts the preview afresh. */
export function decodeTryState(raw: string | undefined, course: DraftCourse): TryState {
	if (!raw) return emptyTryState();
	try {
		const s = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as TryState;
		const lessons: Record<string, TryLesson> = {};
		for (const lesson of course.model.lessons) {
			const t = s.lessons?.[lesson.id];
			if (!t || !Number.isInteger(t.n) || t.n < 1 || typeof t.values !== 'object' || !Array.isArray(t.answered)) continue;
			const items = itemsOf(lesson);
			// The draft may have changed since: an order that no longer fits its item starts the lesson afresh.
			const fits = items.every((i) => {
				const want = orderFor(i).sort();
				const have = [...(t.orders?.[i.id] ?? [])].sort();
				return want.length === have.length && want.every((x, k) => x === have[k]);
			});
			if (!fits || !t.answered.every((id) => items.some((i) => i.id === id))) continue;
			const entry: TryLesson = { n: t.n, orders: t.orders, values: t.values, answered: t.answered, submitted: !!t.submitted, started: Number(t.started) || Date.now() };
			answersOf(course, lesson, entry); // throws on fields the item does not have
			lessons[lesson.id] = entry;
		}
		const ids = new Set(course.model.lessons.map((l) => l.id));
		return { lessons, done: Array.isArray(s.done) ? s.done.filter((id) => ids.has(id)) : [] };
	} catch {
		return emptyTryState();
	}
}
