import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

// Messages are functions, so they are rendered in the language of the request that parses.
export const emailField = () =>
	z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(254, { error: () => m.error_too_long({ max: 254 }) })
		.pipe(z.email({ error: () => m.error_email() }))
		.transform((e) => e.toLowerCase());

export const nameField = () =>
	z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(120, { error: () => m.error_too_long({ max: 120 }) });

export const newPasswordField = () =>
	z
		.string({ error: () => m.error_required() })
		.min(PASSWORD_MIN, { error: () => m.error_password_short({ min: PASSWORD_MIN }) })
		.max(PASSWORD_MAX, { error: () => m.error_too_long({ max: PASSWORD_MAX }) });

export const localeField = () => z.enum(['de', 'en'], { error: () => m.error_choice() });

export const loginSchema = z.object({
	email: z
		.string({ error: () => m.error_required() })
		.trim()
		.min(1, { error: () => m.error_required() })
		.max(254),
	password: z
		.string({ error: () => m.error_required() })
		.min(1, { error: () => m.error_required() })
		.max(PASSWORD_MAX),
	redirectTo: z.string().optional()
});

export const signupSchema = z
	.object({
		name: nameField(),
		email: emailField(),
		password: newPasswordField(),
		password_repeat: z.string({ error: () => m.error_required() })
	})
	.refine((v) => v.password === v.password_repeat, {
		path: ['password_repeat'],
		error: () => m.error_password_mismatch()
	});

export const passwordChangeSchema = z
	.object({
		current_password: z.string({ error: () => m.error_required() }).min(1, { error: () => m.error_required() }),
		password: newPasswordField(),
		password_repeat: z.string({ error: () => m.error_required() })
	})
	.refine((v) => v.password === v.password_repeat, {
		path: ['password_repeat'],
		error: () => m.error_password_mismatch()
	});

export const profileSchema = z.object({ name: nameField(), locale: localeField() });

/** Only same-site paths: an absolute or protocol-relative URL would be an open redirect. */
export function safeRedirect(target: unknown, fallback = '/'): string {
	if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.includes('\\'))
		return fallback;
	// Browsers drop tabs and newlines inside URLs, so `/\t/evil.example` would become `//evil.example`.
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\s]/.test(target)) return fallback;
	// Whatever the path looks like, resolved against our own origin it must stay there.
	if (new URL(target, 'http://same.invalid').origin !== 'http://same.invalid') return fallback;
	return target;
}

const passwordPair = () => ({ password: newPasswordField(), password_repeat: z.string({ error: () => m.error_required() }) });
const samePasswords: [
	(v: { password: string; password_repeat: string }) => boolean,
	{ path: PropertyKey[]; error: () => string }
] = [(v) => v.password === v.password_repeat, { path: ['password_repeat'], error: () => m.error_password_mismatch() }];

export const resetRequestSchema = z.object({ email: emailField() });

export const resetSchema = z.object(passwordPair()).refine(...samePasswords);

export const emailChangeSchema = z.object({
	email: emailField(),
	current_password: z.string({ error: () => m.error_required() }).min(1, { error: () => m.error_required() }).max(PASSWORD_MAX)
});

/** Accepting an invitation or registering with a join code: a name and a password (the e-mail is known or asked). */
export const inviteAcceptSchema = z.object({ name: nameField(), ...passwordPair() }).refine(...samePasswords);
export const joinRegisterSchema = z.object({ name: nameField(), email: emailField(), ...passwordPair() }).refine(...samePasswords);

/** Asking for erasure: the password again, so a forgotten open session cannot be used to do it. */
export const erasureRequestSchema = z.object({
	current_password: z.string({ error: () => m.error_required() }).min(1, { error: () => m.error_required() }).max(PASSWORD_MAX)
});
