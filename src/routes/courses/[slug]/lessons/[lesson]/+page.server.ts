import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { outlineOf } from '$lib/server/learning/outline';
import { completedLessonIds, completeLesson, openLesson, type LearnerContext } from '$lib/server/learning/progress';
import { lessonForLearner } from './lesson.server';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const user = requireUser(locals, url);
	const db = getDb();
	const { c, enrolment, lesson, index, prev, next } = await lessonForLearner(db, user, params.slug, params.lesson);
	const ctx: LearnerContext = { origin: config().origin, actorId: user.actorId, enrolment, version: c.version, lang: c.lang };
	// Opening the lesson is remembered ("continue where I left off"); the statements describing it are built
	// here and go to the LRS store once it exists (see learning/records.ts).
	await db.transaction((tx) => openLesson(tx, ctx, lesson.id));
	const completed = await completedLessonIds(db, enrolment.id);
	const view = c.variant.view;
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
		items: Object.fromEntries(lesson.itemIds.map((id) => [id, view.items.get(id)!.view])),
		prev: prev ? { id: prev.id, title: prev.title } : null,
		next: next ? { id: next.id, title: next.title } : null,
		outline: outlineOf(view, completed, lesson.id),
		hasGlossary: view.glossary.length > 0
	};
};

export const actions: Actions = {
	complete: async ({ params, locals, url }) => {
		const user = requireUser(locals, url);
		const db = getDb();
		const { c, enrolment, lesson, next } = await lessonForLearner(db, user, params.slug, params.lesson);
		const ctx: LearnerContext = { origin: config().origin, actorId: user.actorId, enrolment, version: c.version, lang: c.lang };
		await db.transaction((tx) => completeLesson(tx, ctx, lesson.id));
		redirect(303, next ? `/courses/${c.slug}/lessons/${next.id}` : `/courses/${c.slug}?finished=1`);
	}
};
