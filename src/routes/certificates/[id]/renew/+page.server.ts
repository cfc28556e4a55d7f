import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { moveOntoLiveVersion, renewalTarget } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';
import { visibleCertificate } from '../load';

// Only the holder renews; for anyone else the page does not exist (like the certificate's own page).
async function ownCertificate(event: Parameters<PageServerLoad>[0]) {
	const { user, c } = await visibleCertificate(event.locals, event.url, event.params.id);
	if (c.userId !== user.id) error(404, 'not found');
	return { user, c };
}

export const load: PageServerLoad = async (event) => {
	const { c } = await ownCertificate(event);
	const target = await renewalTarget(getDb(), c);
	return { title: m.cert_renew_title({ course: c.courseTitle }), id: c.id, courseTitle: c.courseTitle, target };
};

export const actions: Actions = {
	// Moving onto the live version changes the enrolment, so it happens on this POST, never on a GET.
	default: async (event) => {
		const { user, c } = await ownCertificate(event as Parameters<PageServerLoad>[0]);
		const db = getDb();
		const target = await renewalTarget(db, c);
		if (!target) redirect(303, `/certificates/${c.id}/renew`);
		await moveOntoLiveVersion(db, user.id, c.courseId);
		redirect(303, `/courses/${target.slug}/lessons/${target.lessonId}`);
	}
};
