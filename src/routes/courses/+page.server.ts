import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { ORG_TYPES } from '$lib/vocab';
import { getDb } from '$lib/server/db';
import { listCatalogue } from '$lib/server/learning/catalogue';
import { listEnrolments } from '$lib/server/learning/enrolment';

const filterSchema = z.object({
	q: z.string().max(200).optional().catch(undefined),
	audience: z.enum(ORG_TYPES).optional().catch(undefined),
	language: z.enum(['de', 'en']).optional().catch(undefined)
});

// The catalogue is public: anyone may see what the platform offers; enrolling needs an account.
export const load: PageServerLoad = async ({ url, locals }) => {
	const filter = filterSchema.parse(Object.fromEntries(url.searchParams));
	const db = getDb();
	const courses = await listCatalogue(db, getLocale(), filter);
	const enrolled = locals.user ? (await listEnrolments(db, locals.user.id)).map((e) => e.enrolment.courseId) : [];
	return { title: m.course_catalogue_title(), courses, filter, enrolled };
};
