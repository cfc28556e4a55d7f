import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { assignmentDueSchema } from '$lib/schemas/assignments';
import { deleteAssignment, getAssignment, listAssignableCourses, updateAssignmentDueDate } from '$lib/server/assignments';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { getUnit } from '$lib/server/orgs';
import { requireManagedOrganisation } from '$lib/server/orgs/guard';

async function find(orgId: string, id: string) {
	if (!z.uuid().safeParse(id).success) error(404, 'not found');
	const a = await getAssignment(getDb(), orgId, id);
	if (!a) error(404, 'not found');
	return a;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { org } = await requireManagedOrganisation(locals, params.orgId, url);
	const a = await find(org.id, params.id);
	const db = getDb();
	const course = (await listAssignableCourses(db, getLocale())).find((c) => c.id === a.courseId);
	const unit = a.unitId ? await getUnit(db, org.id, a.unitId) : null;
	return {
		title: m.assign_edit_title({ course: course?.title ?? '–' }),
		assignment: {
			id: a.id,
			courseTitle: course?.title ?? '–',
			courseLang: course?.lang ?? null,
			scope: a.scope,
			unitName: unit?.name ?? null,
			dueDate: a.dueDate,
			people: a.people.map((p) => p.name ?? p.pendingEmail ?? '')
		},
		confirmDelete: url.searchParams.get('confirm') === 'delete'
	};
};

export const actions: Actions = {
	due: async ({ request, locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		await find(org.id, params.id);
		const parsed = await parseForm(request, assignmentDueSchema);
		if (!parsed.ok) return parsed.failure;
		await getDb().transaction((tx) => updateAssignmentDueDate(tx, org.id, params.id, parsed.data.dueDate, user.id));
		redirect(303, `/manage/${org.id}/assignments?saved=updated`);
	},
	delete: async ({ locals, params }) => {
		const { user, org } = await requireManagedOrganisation(locals, params.orgId);
		await find(org.id, params.id);
		await getDb().transaction((tx) => deleteAssignment(tx, org.id, params.id, user.id));
		redirect(303, `/manage/${org.id}/assignments?saved=deleted`);
	}
};
