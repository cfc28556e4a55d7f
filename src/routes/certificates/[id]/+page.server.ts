import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { reissueSchema, revokeSchema } from '$lib/schemas/certificates';
import { config } from '$lib/server/config';
import { isAdmin } from '$lib/server/auth/guards';
import { certificateText, issuerLogo, mayManage, optInToBadge, reissueWithName, renewalLinks, revokeCertificate, statusOf } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/server/forms';
import { visibleCertificate } from './load';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { user, c } = await visibleCertificate(locals, url, params.id);
	const text = certificateText(c, config().origin);
	const status = statusOf(c);
	const canManage = mayManage(user, c);
	return {
		title: m.cert_page_title({ kind: text.kind, course: text.course }),
		id: c.id,
		text,
		status,
		revokedReason: c.revokedReason,
		revokedAt: c.revokedAt?.toISOString() ?? null,
		holderName: c.holderName,
		hasLogo: !!(await issuerLogo(getDb(), c.issuerOrgId)),
		own: c.userId === user.id,
		badgeOptedIn: !!c.badgeOptInAt,
		badgeAvailable: c.userId === user.id && (status === 'valid' || status === 'expired'),
		renewUrl: c.userId === user.id ? ((await renewalLinks(getDb(), [c])).get(c.id) ?? null) : null,
		canManage,
		canRevoke: canManage && !c.revokedAt && !c.supersededById,
		revoking: canManage && !c.revokedAt && !c.supersededById && url.searchParams.has('revoke'),
		canCorrect: isAdmin(user) && !c.revokedAt && !c.supersededById,
		correcting: isAdmin(user) && !c.revokedAt && !c.supersededById && url.searchParams.has('correct'),
		// Who may see this one may follow it to its replacement (the public verify page never does).
		replacementId: c.supersededById,
		renewed: c.supersededReason === 'renewal',
		saved: url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	// Opt-in per certificate: a badge leaves the platform with the holder's name, so only they decide.
	badge: async ({ locals, url, params }) => {
		const { user, c } = await visibleCertificate(locals, url, params.id);
		if (c.userId !== user.id) error(403, 'forbidden');
		await optInToBadge(getDb(), c.id, user.id);
		redirect(303, `/certificates/${c.id}?saved=badge`);
	},
	// The confirmation step is the form itself, reached by a link (?revoke): it names the holder and course,
	// says that revoking cannot be undone and asks for the reason the verify page will show.
	revoke: async ({ locals, url, params, request }) => {
		const { user, c } = await visibleCertificate(locals, url, params.id);
		if (!mayManage(user, c)) error(403, 'forbidden');
		const parsed = await parseForm(request, revokeSchema);
		if (!parsed.ok) return parsed.failure;
		const outcome = await getDb().transaction((tx) =>
			revokeCertificate(tx, { certificateId: c.id, reason: parsed.data.reason, by: user, origin: config().origin })
		);
		if (!outcome.ok) {
			if (outcome.reason === 'forbidden') error(403, 'forbidden');
			if (outcome.reason === 'not-found') error(404, 'not found');
			return formFailure(parsed.values, { reason: m.cert_revoke_not_possible() }, 409);
		}
		redirect(303, `/certificates/${c.id}?saved=revoked`);
	},
	// Name correction (admins): the confirmation step is the form reached by ?correct, which says that a new
	// certificate with a new code replaces this one.
	reissue: async ({ locals, url, params, request }) => {
		const { user, c } = await visibleCertificate(locals, url, params.id);
		if (!isAdmin(user)) error(403, 'forbidden');
		const parsed = await parseForm(request, reissueSchema);
		if (!parsed.ok) return parsed.failure;
		const outcome = await getDb().transaction((tx) => reissueWithName(tx, { certificateId: c.id, holderName: parsed.data.holderName, by: user }));
		if (!outcome.ok) {
			if (outcome.reason === 'forbidden') error(403, 'forbidden');
			if (outcome.reason === 'not-found') error(404, 'not found');
			const message = outcome.reason === 'same-name' ? m.cert_correct_same_name() : m.cert_revoke_not_possible();
			return formFailure(parsed.values, { holderName: message }, 409);
		}
		redirect(303, `/certificates/${outcome.certificate.id}?saved=reissued`);
	}
};
