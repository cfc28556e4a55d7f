import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { ORG_TYPES, ROLES } from '$lib/vocab';
import { isRegion } from '$lib/regions';
import { emailField, localeField, nameField, newPasswordField } from './auth';
import { contactSchema } from './manage';

const asArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const uuidOrEmpty = () =>
	z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(z.uuid({ error: () => m.error_choice() }).nullable());

/** Roles as the admin form sends them: checkboxes, plus whether an evaluator is limited to the organisation. */
const accessFields = {
	organisationId: uuidOrEmpty(),
	roles: z.preprocess(asArray, z.array(z.enum(ROLES, { error: () => m.error_choice() }))),
	evaluator_scoped: z.preprocess((v) => v === 'on' || v === 'true', z.boolean())
};

function checkAccess(v: { organisationId: string | null; roles: string[] }, ctx: z.RefinementCtx) {
	// Trainers author for an organisation and managers manage one, so both need it.
	if (!v.organisationId && (v.roles.includes('trainer') || v.roles.includes('org_manager'))) {
		ctx.addIssue({ code: 'custom', path: ['organisationId'], message: m.admin_role_needs_org() });
	}
}

export const userCreateSchema = z
	.object({
		name: nameField(),
		email: emailField(),
		password: newPasswordField(),
		locale: localeField(),
		...accessFields
	})
	.superRefine(checkAccess);

export const userAccessSchema = z.object({ name: nameField(), ...accessFields }).superRefine(checkAccess);

export type AccessInput = { organisationId: string | null; roles: (typeof ROLES)[number][]; evaluator_scoped: boolean };

/** Turns the form's roles into grants: trainer and org_manager scoped to the organisation, evaluator on request. */
export function grantsFrom(v: AccessInput) {
	return [...new Set(v.roles)].map((role) => ({
		role,
		organisationId:
			role === 'trainer' || role === 'org_manager' || (role === 'evaluator' && v.evaluator_scoped)
				? v.organisationId
				: null
	}));
}

/** Name, type and region are the admins'; the contact fields are the same the organisation's managers edit. */
export const organisationSchema = z
	.object({
		name: z
			.string({ error: () => m.error_required() })
			.trim()
			.min(2, { error: () => m.error_required() })
			.max(200, { error: () => m.error_too_long({ max: 200 }) }),
		type: z.enum(ORG_TYPES, { error: () => m.error_choice() }),
		regionAgs: z.string({ error: () => m.error_required() }).refine(isRegion, { error: () => m.error_region() })
	})
	.extend(contactSchema.shape);

export const userListQuery = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	role: z.enum(ROLES).optional().catch(undefined),
	status: z.enum(['active', 'deactivated']).optional().catch(undefined),
	organisation: z.uuid().optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined)
});

/** Admin settings form: sign-up switch and the evaluation's minimum cell size (k ≥ 5). */
export const siteSettingsSchema = z.object({
	signup_allowed: z.literal('on').optional().transform((v) => v === 'on'),
	stats_min_cell: z.coerce
		.number({ error: () => m.admin_stats_k_invalid() })
		.int({ error: () => m.admin_stats_k_invalid() })
		.min(5, { error: () => m.admin_stats_k_invalid() })
		.max(100, { error: () => m.admin_stats_k_invalid() })
});
