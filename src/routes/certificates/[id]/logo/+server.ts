import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { issuerLogo } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';
import { visibleCertificate } from '../load';

// The issuer's logo for the HTML certificate, read at rendering time like the PDF's (whoever may see the
// certificate may see its logo). Served with the type checked from its bytes when it was uploaded.
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { c } = await visibleCertificate(locals, url, params.id);
	const logo = await issuerLogo(getDb(), c.issuerOrgId);
	if (!logo) error(404, 'not found');
	return new Response(logo.bytes as unknown as BodyInit, {
		headers: { 'content-type': logo.type, 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff' }
	});
};
