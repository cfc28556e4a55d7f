import { fail } from '@sveltejs/kit';
import type { Db } from '../db';
import { lessonItems, type Lesson } from '../courses/model';
import type { RenderedVariant } from '../courses/render';
import type { LearnerContext } from '../learning/progress';
import { answerItem, countedAttempts, lessonAttempts, QuizError, startAttempt, submitAttempt } from './attempts';
import { readResponse, TamperedFormError } from './form';
import { quizState, type QuizState } from './lesson-state';
import type { Response } from './scoring';

type Values = Record<string, string | string[]>;

/**
 * The quiz part of a lesson page. A lesson quiz starts its first attempt when the lesson is opened; an
 * assessment waits for the learner to press "start" (an attempt may be limited).
 */
export async function lessonQuiz(db: Db, ctx: LearnerContext, lesson: Lesson, rendered: RenderedVariant): Promise<QuizState | null> {
	if (!lessonItems(lesson).length) return null;
	let found = await lessonAttempts(db, ctx.enrolment.id, lesson.id);
	if (!found.attempts.length && !lesson.assessment) {
		await db.transaction((tx) => startAttempt(tx, ctx, lesson)).catch((e) => {
			if (!(e instanceof QuizError)) throw e; // a concurrent first open started it already
		});
		found = await lessonAttempts(db, ctx.enrolment.id, lesson.id);
	}
	const counted = await countedAttempts(db, ctx, lesson, found.attempts);
	return quizState({ lesson, rendered, attempts: found.attempts, answers: found.latestAnswers, passingScore: ctx.version.content.passingScore, counted });
}

/** A refused submission: the stored attempt is unchanged, the page says why. */
export function quizFailure(e: unknown, values: Values = {}) {
	if (e instanceof QuizError) return fail(409, { quizError: e.code, values });
	if (e instanceof TamperedFormError) return fail(400, { quizError: 'tampered' as const, values });
	throw e;
}

export async function startLessonAttempt(db: Db, ctx: LearnerContext, lesson: Lesson) {
	try {
		await db.transaction((tx) => startAttempt(tx, ctx, lesson));
		return null;
	} catch (e) {
		return quizFailure(e);
	}
}

export async function answerLessonItem(db: Db, ctx: LearnerContext, lesson: Lesson, values: Values) {
	const item = lessonItems(lesson).find((i) => i.id === values.item);
	try {
		if (!item || typeof values.attempt !== 'string') throw new TamperedFormError(String(values.item), 'unknown item');
		const response = readResponse(item, values);
		await db.transaction((tx) => answerItem(tx, ctx, lesson, values.attempt as string, item, response));
		return null;
	} catch (e) {
		return quizFailure(e, values);
	}
}

export async function submitLessonAttempt(db: Db, ctx: LearnerContext, lesson: Lesson, values: Values) {
	try {
		if (typeof values.attempt !== 'string') throw new TamperedFormError('-', 'no attempt');
		const responses = new Map<string, Response>(lessonItems(lesson).map((i) => [i.id, readResponse(i, values)]));
		await db.transaction((tx) => submitAttempt(tx, ctx, lesson, values.attempt as string, responses));
		return null;
	} catch (e) {
		return quizFailure(e, values);
	}
}

/** Without JavaScript, the move-up/move-down buttons of an ordering item post the form: reorder and echo it. */
export function moveInForm(values: Values): Values {
	const [itemId, entryId, direction] = String(values.move ?? '').split(':');
	const key = `${itemId}.order`;
	const order = Array.isArray(values[key]) ? [...(values[key] as string[])] : [];
	const i = order.indexOf(entryId ?? '');
	const j = direction === 'up' ? i - 1 : i + 1;
	if (i !== -1 && j >= 0 && j < order.length) [order[i], order[j]] = [order[j]!, order[i]!];
	const { move: _move, ...rest } = values;
	return { ...rest, [key]: order, moved: `${itemId}:${entryId}` };
}
