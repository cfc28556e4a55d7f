import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { config } from '$lib/server/config';
import { certificateText, mayManage, statusOf } from '$lib/server/certificates';
import { visibleCertificate } from './load';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { user, c } = await visibleCertificate(locals, url, params.id);
	const text = certificateText(c, config().origin);
	return {
		title: m.cert_page_title({ kind: text.kind, course: text.course }),
		id: c.id,
		text,
		status: statusOf(c),
		revokedReason: c.revokedReason,
		own: c.userId === user.id,
		canManage: mayManage(user, c)
	};
};
