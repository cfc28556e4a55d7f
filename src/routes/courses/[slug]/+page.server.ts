import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { courseLanguageSchema } from '$lib/schemas/course';
import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { courseForLearner } from '$lib/server/learning/course-access';
import { enrol, setEnrolmentLanguage } from '$lib/server/learning/enrolment';
import { outlineOf } from '$lib/server/learning/outline';
import { courseSurvey, surveyAnswers } from '$lib/server/quiz/survey';
import { certificatesOfUser, renewalLinks, statusOf } from '$lib/server/certificates';
import { certificateSummary } from '$lib/server/certificates/summary';
import { isAssigned } from '$lib/server/assignments';

// The course page is public (like the catalogue); enrolment and language choice need an account.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const c = await courseForLearner(db, params.slug, locals.user?.id ?? null, getLocale());
	const view = c.variant.view;
	const completed = c.completed;
	const content = c.version.content;
	// The pre self-assessment is asked at the start: skippable, and asked again while no lesson is completed.
	const survey = c.enrolment ? courseSurvey({ version: c.version, lang: c.lang }) : undefined;
	const answers = survey && c.enrolment ? await surveyAnswers(db, c.enrolment.id, survey.id) : { pre: undefined, post: undefined };
	const askPre = !!survey && !answers.pre && completed.size === 0;
	const own = locals.user ? await certificatesOfUser(db, locals.user.id, c.courseId) : [];
	const renew = await renewalLinks(db, own);
	const certificates = own.map((x) => certificateSummary(x, statusOf(x), renew.get(x.id) ?? null));
	const assigned = !!locals.user && !c.enrolment && (await isAssigned(db, locals.user.id, c.courseId));
	return {
		certificates,
		assigned,
		askPre,
		hasSurveyAnswers: !!(answers.pre || answers.post),
		title: view.title,
		slug: c.slug,
		lang: c.lang,
		languages: c.languages,
		chosenLanguage: c.enrolment?.language ?? '',
		course: {
			title: view.title,
			summary: view.summary,
			objectivesHtml: view.objectivesHtml,
			sourcesHtml: view.sourcesHtml,
			authors: view.authors,
			overview: view.overview,
			hasGlossary: view.glossary.length > 0,
			workloadUe: content.workloadUe,
			audience: content.audience,
			certificate: content.certificate,
			enrolment: content.enrolment
		},
		outline: outlineOf(view, completed, c.enrolment?.lastLessonId),
		enrolled: !!c.enrolment,
		started: !!c.enrolment?.lastLessonId,
		completedAt: c.enrolment?.completedAt?.toISOString() ?? null,
		loggedIn: !!locals.user,
		justEnrolled: url.searchParams.has('enrolled'),
		loginHref: `/login?redirectTo=${encodeURIComponent(url.pathname)}`
	};
};

export const actions: Actions = {
	enrol: async ({ params, locals, url }) => {
		const user = requireUser(locals, url);
		const db = getDb();
		const c = await courseForLearner(db, params.slug, user.id, getLocale());
		if (!c.enrolment) {
			// An organisation's assignment opens courses that learners cannot pick themselves.
			const assigned = await isAssigned(db, user.id, c.courseId);
			if (!assigned && c.live.content.enrolment !== 'self') error(403, 'forbidden');
			await enrol(db, { userId: user.id, courseId: c.courseId, versionId: c.live.id, source: assigned ? 'assigned' : 'self' });
		}
		redirect(303, `/courses/${c.slug}?enrolled=1`);
	},
	language: async ({ params, locals, request, url }) => {
		const user = requireUser(locals, url);
		const db = getDb();
		const c = await courseForLearner(db, params.slug, user.id, getLocale());
		if (!c.enrolment) redirect(303, `/courses/${c.slug}`);
		const parsed = await parseForm(request, courseLanguageSchema);
		if (!parsed.ok) return parsed.failure;
		const lang = parsed.data.language || null;
		await setEnrolmentLanguage(db, c.enrolment.id, lang && c.languages.includes(lang) ? lang : null);
		redirect(303, url.searchParams.get('redirectTo')?.startsWith(`/courses/${c.slug}`) ? url.searchParams.get('redirectTo')! : `/courses/${c.slug}`);
	}
};
