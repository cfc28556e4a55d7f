import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, { error: () => m.error_too_long({ max }) })
		.optional()
		.transform((v) => v || null);

export const contactSchema = z.object({
	contactName: optionalText(120),
	contactEmail: z
		.string()
		.trim()
		.max(254)
		.optional()
		.transform((v) => v || null)
		.pipe(z.email({ error: () => m.error_email() }).nullable()),
	contactPhone: optionalText(40).refine((v) => !v || /^[0-9+()/ \-]{3,40}$/.test(v), { error: () => m.manage_error_phone() })
});

export const unitNameSchema = z.object({
	name: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(80, { error: () => m.error_too_long({ max: 80 }) })
});

const uuidField = () => z.uuid({ error: () => m.error_choice() });
/** A unit select: empty means "no unit" / "the whole organisation". */
export const optionalUnitField = () =>
	z
		.string()
		.optional()
		.transform((v) => v || null)
		.pipe(uuidField().nullable());

export const unitRenameSchema = unitNameSchema.extend({ unit: uuidField() });
export const unitRefSchema = z.object({ unit: uuidField() });
export const joinCodeScopeSchema = z.object({ unit: optionalUnitField() });
export const memberRefSchema = z.object({ member: uuidField() });
export const memberUnitSchema = z.object({ member: uuidField(), unit: optionalUnitField() });
export const invitationRefSchema = z.object({ invitation: uuidField() });

export const MAX_INVITES_AT_ONCE = 200;

/** Addresses as people paste them: one per line, or separated by commas, semicolons or spaces. */
export function splitAddresses(input: string): string[] {
	return [
		...new Set(
			input
				.split(/[\s,;]+/)
				.map((s) => s.trim().replace(/^<|>$/g, '').toLowerCase())
				.filter(Boolean)
		)
	];
}

export const inviteSchema = z.object({
	emails: z
		.string({ error: () => m.error_required() })
		.transform(splitAddresses)
		.superRefine((list, ctx) => {
			if (!list.length) ctx.addIssue({ code: 'custom', message: m.error_required() });
			else if (list.length > MAX_INVITES_AT_ONCE) ctx.addIssue({ code: 'custom', message: m.invite_too_many({ max: MAX_INVITES_AT_ONCE }) });
			const bad = list.filter((e) => e.length > 254 || !z.email().safeParse(e).success);
			if (bad.length) ctx.addIssue({ code: 'custom', message: m.invite_invalid_addresses({ list: bad.join(', ') }) });
		}),
	unit: optionalUnitField()
});
