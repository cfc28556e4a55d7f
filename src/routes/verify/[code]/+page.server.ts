import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { formatCode, normaliseCode } from '$lib/server/certificates';
import { verifyCode } from '$lib/server/certificates/verify';
import { getDb } from '$lib/server/db';

// Public and read-only for the visitor; every lookup counts against the address's rate limit.
export const load: PageServerLoad = async ({ params, getClientAddress, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const result = await verifyCode(getDb(), params.code, getClientAddress());
	const base = { title: m.verify_result_title(), code: displayCode(params.code) };
	if (result.limited) return { ...base, limited: true as const, retryAfterMinutes: result.retryAfterMinutes, verification: null };
	const v = result.verification;
	return {
		...base,
		limited: false as const,
		retryAfterMinutes: 0,
		verification:
			v.status === 'unknown'
				? { status: 'unknown' as const }
				: {
						...v,
						issuedAt: v.issuedAt.toISOString(),
						validUntil: v.validUntil?.toISOString() ?? null,
						revokedAt: v.revokedAt?.toISOString() ?? null
					}
	};
};

// A typed code is shown in the printed grouping when it can be a code at all, otherwise as it came.
const displayCode = (raw: string) => {
	const code = normaliseCode(raw);
	return code ? formatCode(code) : raw.slice(0, 40);
};
