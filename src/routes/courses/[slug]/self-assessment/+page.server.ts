import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { formToObject } from '$lib/server/forms';
import { courseForLearner } from '$lib/server/learning/course-access';
import { outlineOf } from '$lib/server/learning/outline';
import type { LearnerContext } from '$lib/server/learning/progress';
import { courseSurvey, profileByDimension, readSurvey, saveSurvey, surveyAnswers } from '$lib/server/quiz/survey';

async function context(event: Pick<RequestEvent, 'params' | 'locals' | 'url'>) {
	const user = requireUser(event.locals, event.url);
	const db = getDb();
	const c = await courseForLearner(db, event.params.slug, user.id, getLocale());
	if (!c.enrolment) redirect(303, `/courses/${c.slug}?notEnrolled=1`);
	const ctx: LearnerContext = { origin: config().origin, actorId: user.actorId, enrolment: c.enrolment, version: c.version, lang: c.lang };
	const survey = courseSurvey(ctx);
	if (!survey) error(404, 'not found');
	return { db, c, ctx, survey };
}

const phaseOf = (url: URL) => (url.searchParams.get('phase') === 'post' ? 'post' : url.searchParams.get('phase') === 'pre' ? 'pre' : null);

// Only the learner sees their own answers: no other role has a route to them.
export const load: PageServerLoad = async (event) => {
	const { db, c, ctx, survey } = await context(event);
	const answers = await surveyAnswers(db, ctx.enrolment.id, survey.id);
	const view = c.variant.view.survey!;
	const phase = phaseOf(event.url);
	const outline = outlineOf(c.variant.view, c.completed, ctx.enrolment.lastLessonId);
	return {
		title: m.survey_title(),
		slug: c.slug,
		lang: c.lang,
		courseTitle: c.variant.view.title,
		survey: view,
		// A phase already answered is shown, never asked again.
		phase: phase && !answers[phase] ? phase : null,
		pre: answers.pre ?? null,
		post: answers.post ?? null,
		dimensions: { pre: profileByDimension(survey, answers.pre), post: profileByDimension(survey, answers.post) },
		continueHref: `/courses/${c.slug}/lessons/${outline.continueId}`
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { db, c, ctx, survey } = await context(event);
		const values = formToObject(await event.request.formData());
		const phase = values.phase === 'post' ? 'post' : 'pre';
		const answers = readSurvey(survey, values);
		if (answers === 'invalid') return fail(400, { error: m.error_choice(), values });
		if (!Object.keys(answers).length) return fail(400, { error: m.survey_answer_one(), values });
		await db.transaction((tx) => saveSurvey(tx, ctx, phase, answers));
		redirect(303, phase === 'pre' ? `/courses/${c.slug}/self-assessment?saved=pre` : `/courses/${c.slug}/self-assessment?saved=post`);
	}
};
