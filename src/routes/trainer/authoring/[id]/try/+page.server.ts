import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { outlineOf } from '$lib/server/learning/outline';
import { tryContext } from './try.server';

export const load: PageServerLoad = async (event) => {
	const { draft, course, problems, state } = await tryContext(event);
	const title = course?.view.title ?? draft.slug;
	return {
		title: `${m.try_heading()}: ${title}`,
		courseId: draft.courseId,
		slug: draft.slug,
		courseTitle: title,
		lang: course?.lang ?? 'de',
		problems: problems.length,
		outline: course ? outlineOf(course.view, new Set(state.done)) : null,
		finished: event.url.searchParams.has('finished')
	};
};

export const actions: Actions = {
	reset: async (event) => {
		const { path, reset } = await tryContext(event);
		reset();
		redirect(303, path);
	}
};
