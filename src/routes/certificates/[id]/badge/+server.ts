import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { signBadge, statusOf } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';
import { visibleCertificate } from '../load';

// Only the holder, only after opting in, and only for a certificate that still counts.
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { user, c } = await visibleCertificate(locals, url, params.id);
	if (c.userId !== user.id || !c.badgeOptInAt) error(404, 'not found');
	const status = statusOf(c);
	if (status === 'revoked' || status === 'superseded') error(409, 'revoked or replaced');
	const jwt = await signBadge(getDb(), c, config().origin);
	return new Response(jwt, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': `attachment; filename="OpenBadge-${c.code}.jwt"`,
			'cache-control': 'private, no-store'
		}
	});
};
