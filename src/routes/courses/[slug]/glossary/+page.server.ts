import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { courseForLearner } from '$lib/server/learning/course-access';

// Public like the course page; an enrolled learner sees it in the language they read the course in.
export const load: PageServerLoad = async ({ params, locals }) => {
	const c = await courseForLearner(getDb(), params.slug, locals.user?.id ?? null, getLocale());
	const view = c.variant.view;
	return { title: `${m.course_glossary()}: ${view.title}`, slug: c.slug, lang: c.lang, courseTitle: view.title, glossary: view.glossary };
};
