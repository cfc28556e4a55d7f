import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/auth/guards';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { courseImportOverview } from '$lib/server/courses/admin';
import { importAllCourses } from '$lib/server/courses/import';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const rows = await courseImportOverview(getDb());
	return {
		title: m.admin_courses(),
		rows: rows.map((r) => ({ ...r, attemptedAt: r.attemptedAt.toISOString() })),
		imported: url.searchParams.has('imported')
	};
};

export const actions: Actions = {
	import: async ({ locals }) => {
		const admin = requireAdmin(locals);
		const db = getDb();
		const outcomes = await importAllCourses(db, config().COURSES_DIR);
		await writeAudit(db, {
			actorId: admin.id,
			action: 'courses.import',
			targetType: 'course',
			details: { outcomes: outcomes.map((o) => ({ folder: o.folder, status: o.status, version: o.versionNumber ?? null })) }
		});
		redirect(303, '/admin/courses?imported=1');
	}
};
