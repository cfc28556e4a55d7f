import type { Lesson, ScoredItem } from '../courses/model';
import type { RenderedItem, RenderedVariant } from '../courses/render';
import type { Attempt, AttemptAnswer } from './attempts';
import { scoreItem, type Response } from './scoring';

/**
 * What the lesson page may show about its items, decided here on the server: the items in this attempt's
 * order, the learner's own answers, and feedback only when the lesson's feedback mode allows it (immediate:
 * after each answer; after_attempt: once the attempt is submitted; never: score and review list only).
 * Nothing in here names a correct option before the learner has answered.
 */
export interface ItemFeedback {
	correct: boolean;
	score: number;
	max: number;
	html?: string;
	/** Feedback per option (chosen first), with the expert rating for incidents. */
	options?: { id: string; html: string; chosen: boolean; rating?: number }[];
	/** Per pair / position / gap / option: whether the learner's part was right. */
	parts?: Record<string, boolean>;
}

export interface ItemState {
	item: ReturnType<typeof orderedView>;
	answered: boolean;
	response?: Response;
	feedback?: ItemFeedback;
}

export interface QuizState {
	mode: Lesson['feedback'];
	assessment: boolean;
	attempt: { id: string; number: number; open: boolean } | null;
	attemptsUsed: number;
	maxAttempts: number | null;
	canStart: boolean;
	items: Record<string, ItemState>;
	result: { score: number; max: number; percent: number; passed: boolean | null; review: { id: string; promptHtml: string }[] } | null;
	passingPercent: number | null;
}

function byOrder<T extends { id: string }>(list: T[] | undefined, order: string[] | undefined): T[] | undefined {
	if (!list || !order?.length) return list;
	return order.map((id) => list.find((x) => x.id === id)!).filter(Boolean);
}

/** The item's public view with its choices in the attempt's order. */
export function orderedView(view: RenderedItem, order: string[] | undefined) {
	const v = view.view;
	return {
		...v,
		options: byOrder(v.options, order),
		rights: byOrder(v.rights, order),
		entries: byOrder(v.entries, order)
	};
}

function feedbackFor(item: ScoredItem, rendered: RenderedItem, answer: AttemptAnswer): ItemFeedback {
	const response = answer.response as Response;
	const chosen = new Set(
		response.type === 'single' || response.type === 'incident' ? [response.choice] : response.type === 'multiple' ? response.choices : []
	);
	const fb: ItemFeedback = { correct: answer.correct, score: answer.score, max: answer.maxScore };
	fb.html = answer.correct ? rendered.reveal.correctHtml : rendered.reveal.incorrectHtml;
	const optionIds = item.kind === 'incident' || item.type === 'single' || item.type === 'multiple' ? item.options.map((o) => o.id) : [];
	const options = optionIds
		.filter((id) => rendered.reveal.options[id] && (item.kind === 'incident' || chosen.has(id)))
		.map((id) => ({
			id,
			html: rendered.reveal.options[id]!,
			chosen: chosen.has(id),
			rating: item.kind === 'incident' ? item.options.find((o) => o.id === id)!.rating : undefined
		}))
		.sort((a, b) => Number(b.chosen) - Number(a.chosen));
	if (options.length) fb.options = options;
	if (item.kind === 'quiz' && item.type !== 'single' && item.type !== 'true-false') {
		// Recomputed from the stored response: which parts were right (no solution, only the learner's own parts).
		fb.parts = partsOf(item, response);
	}
	return fb;
}

function partsOf(item: ScoredItem, response: Response) {
	return scoreItem(item, response, 'partial').parts;
}

export function quizState(input: {
	lesson: Lesson;
	rendered: RenderedVariant;
	attempts: Attempt[];
	answers: AttemptAnswer[];
	passingScore: number | undefined;
	/** Attempts counting against the limit (countedAttempts); all of them when not given. */
	counted?: number;
}): QuizState {
	const { lesson, rendered } = input;
	const items = lesson.body.filter((b): b is ScoredItem => b.kind === 'quiz' || b.kind === 'incident');
	const attempt = input.attempts[input.attempts.length - 1] ?? null;
	const used = input.counted ?? input.attempts.length;
	const open = !!attempt && !attempt.submittedAt;
	const limitReached = lesson.maxAttempts !== undefined && used >= lesson.maxAttempts;
	const showFeedback = (answered: boolean) =>
		answered && (lesson.feedback === 'immediate' || (lesson.feedback === 'after_attempt' && !open));
	const state: QuizState = {
		mode: lesson.feedback,
		assessment: lesson.assessment,
		attempt: attempt && { id: attempt.id, number: attempt.number, open },
		attemptsUsed: used,
		maxAttempts: lesson.maxAttempts ?? null,
		canStart: !open && !limitReached,
		items: {},
		result: null,
		passingPercent: lesson.assessment && input.passingScore !== undefined ? Math.round(input.passingScore * 100) : null
	};
	for (const item of items) {
		const r = rendered.items.get(item.id)!;
		const answer = input.answers.find((a) => a.itemId === item.id);
		state.items[item.id] = {
			item: orderedView(r, attempt?.orders[item.id]),
			answered: !!answer,
			response: answer?.response as Response | undefined,
			feedback: answer && showFeedback(true) ? feedbackFor(item, r, answer) : undefined
		};
	}
	if (attempt?.submittedAt && attempt.score !== null && attempt.maxScore !== null) {
		state.result = {
			score: attempt.score,
			max: attempt.maxScore,
			percent: attempt.maxScore ? Math.round((attempt.score / attempt.maxScore) * 100) : 0,
			passed: attempt.passed,
			review: items
				.filter((i) => !input.answers.find((a) => a.itemId === i.id)?.correct)
				.map((i) => ({ id: i.id, promptHtml: rendered.items.get(i.id)!.view.promptHtml }))
		};
	}
	return state;
}
