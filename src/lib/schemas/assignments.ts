import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/** yyyy-mm-dd as a date input sends it; empty means "no due date". Real calendar days only. */
export const dueDateField = () =>
	z
		.string()
		.trim()
		.optional()
		.transform((v) => v || null)
		.refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), {
			error: () => m.assign_error_date()
		});

const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid({ error: () => m.error_choice() })).max(20_000));

export const assignmentSchema = z
	.object({
		course: z.uuid({ error: () => m.assign_error_course() }),
		scope: z.enum(['organisation', 'unit', 'people'], { error: () => m.error_choice() }),
		unit: z
			.string()
			.optional()
			.transform((v) => v || null),
		people: list,
		dueDate: dueDateField()
	})
	.superRefine((v, ctx) => {
		if (v.scope === 'unit' && (!v.unit || !z.uuid().safeParse(v.unit).success))
			ctx.addIssue({ code: 'custom', path: ['unit'], message: m.assign_error_unit() });
		if (v.scope === 'people' && !v.people.length) ctx.addIssue({ code: 'custom', path: ['people'], message: m.assign_error_people() });
	});

export const assignmentDueSchema = z.object({ dueDate: dueDateField() });
export const assignmentRefSchema = z.object({ assignment: z.uuid({ error: () => m.error_choice() }) });

export const orgSettingsSchema = z.object({
	reminderDays: z
		.string()
		.trim()
		.max(40)
		.transform((v, ctx) => {
			const parts = v ? v.split(/[\s,;]+/).filter(Boolean) : [];
			const days = parts.map(Number);
			if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 60) || days.length > 5) {
				ctx.addIssue({ code: 'custom', message: m.settings_error_days() });
				return z.NEVER;
			}
			return days;
		}),
	overdueReminder: z.preprocess((v) => v === 'on', z.boolean()),
	managerSummary: z.enum(['off', 'weekly', 'monthly'], { error: () => m.error_choice() }),
	countsOnly: z.preprocess((v) => v === 'on', z.boolean())
});
