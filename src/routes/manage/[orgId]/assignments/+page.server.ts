import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { assignmentSchema } from '$lib/schemas/assignments';
import { createAssignment, listAssignableCourses, listAssignments } from '$lib/server/assignments';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { listMembers, listUnits } from '$lib/server/orgs';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const db = getDb();
	const courses = await listAssignableCourses(db, getLocale());
	const titles = new Map(courses.map((c) => [c.id, c]));
	const members = await listMembers(db, org.id);
	return {
		title: m.assign_title({ organisation: org.name }),
		courses: courses.map((c) => ({ id: c.id, title: c.title, lang: c.lang })),
		units: (await listUnits(db, org.id)).map((u) => ({ id: u.id, name: u.name })),
		members: members.filter((p) => !p.deactivatedAt).map((p) => ({ id: p.id, name: p.name, unitName: p.unitName })),
		assignments: (await listAssignments(db, org.id)).map((a) => ({
			id: a.id,
			courseTitle: titles.get(a.courseId)?.title ?? '–',
			courseLang: titles.get(a.courseId)?.lang ?? null,
			scope: a.scope,
			unitName: a.unitName,
			people: a.people,
			dueDate: a.dueDate
		})),
		saved: url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		const parsed = await parseForm(request, assignmentSchema);
		if (!parsed.ok) return parsed.failure;
		const d = parsed.data;
		const result = await getDb().transaction((tx) =>
			createAssignment(tx, org.id, { courseId: d.course, scope: d.scope, unitId: d.unit, userIds: d.people, dueDate: d.dueDate }, user.id)
		);
		if (!result.ok) {
			const field = { course_unknown: 'course', unit_unknown: 'unit', people_unknown: 'people', people_missing: 'people' }[result.error];
			return formFailure(parsed.values, { [field]: field === 'course' ? m.assign_error_course() : field === 'unit' ? m.assign_error_unit() : m.assign_error_people() });
		}
		redirect(303, `/manage/${org.id}/assignments?saved=created`);
	}
};
