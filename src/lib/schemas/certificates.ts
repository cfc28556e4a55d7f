import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/** The code as typed; whether it can be a code at all is decided by the certificates capability. */
export const verifyCodeSchema = z.object({
	code: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(40, { error: () => m.verify_code_invalid() })
});

/** Why a certificate is revoked: shown publicly on the verify page, so short and factual. */
export const revokeSchema = z.object({
	reason: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(3, { error: () => m.cert_revoke_reason_short() })
		.max(300, { error: () => m.cert_revoke_reason_long() })
});

export const certificateSearchSchema = z.object({ q: z.string().trim().max(100).default('') });

/** The corrected holder name for a reissue. */
export const reissueSchema = z.object({
	holderName: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(200, { error: () => m.cert_correct_name_long() })
});

/** The default issuing organisation and how it signs (the logo comes as a file next to it). */
export const issuerSchema = z.object({
	organisationId: z.uuid({ error: () => m.error_required() }),
	signatoryName: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(120),
	signatoryRole: z
		.string()
		.trim()
		.max(120)
		.transform((s) => s || null),
	place: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(120)
});
