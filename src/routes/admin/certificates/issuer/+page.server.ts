import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { issuerSchema } from '$lib/schemas/certificates';
import { requireAdmin } from '$lib/server/auth/guards';
import { writeAudit } from '$lib/server/audit';
import { getIssuer, MAX_LOGO_BYTES, saveIssuer, setIssuerLogo } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';
import { formFailure, formToObject } from '$lib/server/forms';
import { listOrganisations } from '$lib/server/orgs';
import { getSetting, setSetting } from '$lib/server/settings';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const db = getDb();
	const orgId = (await getSetting(db, 'certificate_default_issuer')) || null;
	const issuer = orgId ? await getIssuer(db, orgId) : undefined;
	return {
		title: m.issuer_title(),
		organisations: (await listOrganisations(db)).map((o) => ({ value: o.id, label: o.name })),
		current: {
			organisationId: orgId ?? '',
			signatoryName: issuer?.signatoryName ?? '',
			signatoryRole: issuer?.signatoryRole ?? '',
			place: issuer?.place ?? '',
			hasLogo: !!issuer?.logo
		},
		maxLogoKb: MAX_LOGO_BYTES / 1024,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const admin = requireAdmin(locals);
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			return formFailure({}, { _form: 'invalid form body' });
		}
		const values = formToObject(form);
		const parsed = issuerSchema.safeParse(values);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
			return formFailure(values, errors);
		}
		const file = form.get('logo');
		const logo = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		const db = getDb();
		const problem = await db.transaction(async (tx) => {
			const { organisationId, ...details } = parsed.data;
			await saveIssuer(tx, organisationId, details);
			await setSetting(tx, 'certificate_default_issuer', organisationId, admin.id);
			const logoProblem = logo ? await setIssuerLogo(tx, organisationId, logo) : null;
			if (logoProblem) throw new LogoRejected(logoProblem);
			await writeAudit(tx, { actorId: admin.id, action: 'certificate.issuer', targetType: 'organisation', targetId: organisationId, details: { logo: !!logo } });
			return null;
		}).catch((e) => {
			if (e instanceof LogoRejected) return e.problem;
			throw e;
		});
		if (problem) return formFailure(values, { logo: problem === 'size' ? m.issuer_logo_too_big({ kb: MAX_LOGO_BYTES / 1024 }) : m.issuer_logo_type() });
		redirect(303, '/admin/certificates/issuer?saved');
	}
};

class LogoRejected extends Error {
	constructor(readonly problem: string) {
		super(problem);
	}
}
