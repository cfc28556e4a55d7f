import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { formToObject } from '$lib/server/forms';
import { outlineOf } from '$lib/server/learning/outline';
import { quizFailure } from '$lib/server/quiz/lesson';
import { moveInForm } from '$lib/server/quiz/lesson';
import { draftUrls, openTryLesson, tryAnswer, tryComplete, tryItemsDone, tryQuizState, tryStart, trySubmit } from '$lib/server/authoring/try-out';
import { tryContext } from '../try.server';

// The learner's lesson page on the draft: same view and actions, the preview state instead of the database.
async function context(event: RequestEvent) {
	const t = await tryContext(event);
	if (!t.course) redirect(303, t.path);
	const lessons = t.course.view.lessons;
	const index = lessons.findIndex((l) => l.id === event.params.lesson);
	if (index === -1) error(404, 'not found');
	const model = t.course.model.lessons[index]!;
	return { ...t, course: t.course, lesson: lessons[index]!, model, index, prev: lessons[index - 1], next: lessons[index + 1] };
}

export const load: PageServerLoad = async (event) => {
	const { draft, course, lesson, model, index, prev, next, state: before, save } = await context(event);
	const state = openTryLesson(before, model);
	if (state !== before) save(state, lesson.id);
	const view = course.view;
	const done = new Set(state.done);
	return draftUrls(draft, {
		title: lesson.title,
		courseId: draft.courseId,
		slug: draft.slug,
		courseTitle: view.title,
		lang: course.lang,
		lesson: { id: lesson.id, title: lesson.title, number: index + 1, assessment: lesson.assessment, segments: lesson.segments, headings: lesson.headings, completed: done.has(lesson.id) },
		quiz: tryQuizState(course, model, state),
		prev: prev ? { id: prev.id, title: prev.title } : null,
		next: next ? { id: next.id, title: next.title } : null,
		outline: outlineOf(view, done, lesson.id),
		notDone: event.url.searchParams.has('itemsOpen')
	});
};

export const actions: Actions = {
	start: async (event) => {
		const { state, model, save, lesson } = await context(event);
		try {
			save(tryStart(state, model), lesson.id);
		} catch (e) {
			return quizFailure(e);
		}
		redirect(303, event.url.pathname + '#quiz');
	},
	answer: async (event) => {
		const { state, model, save, lesson } = await context(event);
		const values = formToObject(await event.request.formData());
		try {
			save(tryAnswer(state, model, values), lesson.id);
		} catch (e) {
			return quizFailure(e, values);
		}
		return { answered: String(values.item) };
	},
	submit: async (event) => {
		const { state, model, save, lesson } = await context(event);
		const values = formToObject(await event.request.formData());
		try {
			save(trySubmit(state, model, values), lesson.id);
		} catch (e) {
			return quizFailure(e, values);
		}
		redirect(303, event.url.pathname + '#result');
	},
	move: async (event) => {
		await context(event);
		return { values: moveInForm(formToObject(await event.request.formData())) };
	},
	complete: async (event) => {
		const { state, model, save, lesson, next, path } = await context(event);
		if (!tryItemsDone(state, model)) redirect(303, `${event.url.pathname}?itemsOpen=1#quiz`);
		save(tryComplete(state, lesson.id), lesson.id);
		redirect(303, next ? `${path}/${next.id}` : `${path}?finished=1`);
	}
};
