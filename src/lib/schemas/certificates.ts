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
