import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { formToObject } from '$lib/server/forms';
import { outlineOf } from '$lib/server/learning/outline';
import { completeLesson, isReopen, openLesson, type LearnerContext } from '$lib/server/learning/progress';
import { itemsDone } from '$lib/server/quiz/attempts';
import { answerLessonItem, lessonQuiz, moveInForm, startLessonAttempt, submitLessonAttempt } from '$lib/server/quiz/lesson';
import { needsSurvey } from '$lib/server/quiz/survey';
import { lessonForLearner } from './lesson.server';

async function context(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const user = requireUser(event.locals, event.url);
	const db = getDb();
	const found = await lessonForLearner(db, user, event.params.slug, event.params.lesson);
	const ctx: LearnerContext = { origin: config().origin, actorId: user.actorId, enrolment: found.enrolment, version: found.c.version, lang: found.c.lang };
	const model = found.c.variant.model.lessons.find((l) => l.id === found.lesson.id)!;
	return { db, ctx, model, ...found };
}

export const load: PageServerLoad = async (event) => {
	const { db, ctx, model, c, enrolment, lesson, index, prev, next } = await context(event);
	// Opening the lesson is remembered ("continue where I left off") and recorded in the LRS, in one transaction.
	if (!isReopen(ctx, lesson.id)) await db.transaction((tx) => openLesson(tx, ctx, lesson.id));
	const view = c.variant.view;
	const quiz = await lessonQuiz(db, ctx, model, view);
	const completed = c.completed;
	return {
		title: lesson.title,
		slug: c.slug,
		courseTitle: view.title,
		lang: c.lang,
		languages: c.languages,
		chosenLanguage: enrolment.language ?? '',
		lesson: {
			id: lesson.id,
			title: lesson.title,
			number: index + 1,
			assessment: lesson.assessment,
			segments: lesson.segments,
			headings: lesson.headings,
			completed: completed.has(lesson.id)
		},
		quiz,
		prev: prev ? { id: prev.id, title: prev.title } : null,
		next: next ? { id: next.id, title: next.title } : null,
		outline: outlineOf(view, completed, lesson.id),
		hasGlossary: view.glossary.length > 0,
		notDone: event.url.searchParams.has('itemsOpen')
	};
};

export const actions: Actions = {
	start: async (event) => {
		const { db, ctx, model } = await context(event);
		return (await startLessonAttempt(db, ctx, model)) ?? redirect(303, event.url.pathname + '#quiz');
	},
	answer: async (event) => {
		const { db, ctx, model } = await context(event);
		const values = formToObject(await event.request.formData());
		return (await answerLessonItem(db, ctx, model, values)) ?? { answered: String(values.item) };
	},
	submit: async (event) => {
		const { db, ctx, model } = await context(event);
		const values = formToObject(await event.request.formData());
		return (await submitLessonAttempt(db, ctx, model, values)) ?? redirect(303, event.url.pathname + '#result');
	},
	move: async (event) => {
		await context(event);
		return { values: moveInForm(formToObject(await event.request.formData())) };
	},
	complete: async (event) => {
		const { db, ctx, model, c, next } = await context(event);
		if (!(await itemsDone(db, ctx.enrolment.id, model))) redirect(303, `${event.url.pathname}?itemsOpen=1#quiz`);
		const result = await db.transaction((tx) => completeLesson(tx, ctx, model.id));
		if (result.courseCompletedNow && (await needsSurvey(db, ctx, 'post'))) redirect(303, `/courses/${c.slug}/self-assessment?phase=post`);
		redirect(303, next ? `/courses/${c.slug}/lessons/${next.id}` : `/courses/${c.slug}?finished=1`);
	}
};
