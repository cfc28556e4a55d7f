import type { RequestHandler } from './$types';
import { config } from '$lib/server/config';
import { issuerLogo } from '$lib/server/certificates';
import { renderCertificatePdf } from '$lib/server/certificates/pdf';
import { getDb } from '$lib/server/db';
import { visibleCertificate } from '../load';

export const GET: RequestHandler = async ({ locals, url, params }) => {
	const { c } = await visibleCertificate(locals, url, params.id);
	const pdf = await renderCertificatePdf(c, { origin: config().origin, logo: await issuerLogo(getDb(), c.issuerOrgId) });
	const name = `${c.kind === 'zertifikat' ? 'Zertifikat' : 'Teilnahmebescheinigung'}-${c.code}.pdf`;
	return new Response(pdf as unknown as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
};
