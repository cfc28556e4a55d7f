import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { lessonForLearner } from '../lesson.server';

// The print view records nothing: printing is not reading the lesson in the platform.
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const user = requireUser(locals, url);
	const { c, lesson } = await lessonForLearner(getDb(), user, params.slug, params.lesson);
	const view = c.variant.view;
	return {
		title: lesson.title,
		slug: c.slug,
		courseTitle: view.title,
		lang: c.lang,
		lesson: { id: lesson.id, title: lesson.title, segments: lesson.segments },
		items: Object.fromEntries(lesson.itemIds.map((id) => [id, view.items.get(id)!.view]))
	};
};
