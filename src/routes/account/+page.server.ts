import { error, redirect } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { emailChangeSchema, passwordChangeSchema, profileSchema } from '$lib/schemas/auth';
import { config } from '$lib/server/config';
import { requestEmailChange } from '$lib/server/auth/email-change';
import { requireUser } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { organisations, organisationUnits, sessions, users } from '$lib/server/db/schema';
import { invalidateUserSessions, listUserSessions } from '$lib/server/auth/session';
import { verifyPassword } from '$lib/server/auth/password';
import { changePassword, updateProfile } from '$lib/server/users';
import { formFailure, parseForm } from '$lib/server/forms';
import { setLocaleCookie } from '$lib/server/i18n';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const db = getDb();
	const list = await listUserSessions(db, user.id);
	const [membership] = await db
		.select({ organisation: organisations.name, unit: organisationUnits.name })
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.leftJoin(organisationUnits, eq(organisationUnits.id, users.unitId))
		.where(eq(users.id, user.id));
	return {
		title: m.account_title(),
		profile: { name: user.name, email: user.email, locale: user.locale },
		membership: membership ?? null,
		sessions: list
			.map((s) => ({
				id: s.id.slice(0, 12), // enough to tell them apart; the full id never leaves the server
				current: s.id === locals.session?.id,
				createdAt: s.createdAt.toISOString(),
				lastSeenAt: s.lastSeenAt.toISOString(),
				userAgent: s.userAgent
			}))
			.reverse()
	};
};

export const actions: Actions = {
	profile: async ({ request, locals, cookies, url }) => {
		const user = requireUser(locals);
		const parsed = await parseForm(request, profileSchema);
		if (!parsed.ok) return parsed.failure;
		await updateProfile(getDb(), user.id, parsed.data);
		setLocaleCookie(cookies, parsed.data.locale, url.protocol === 'https:');
		// A full redirect, so the page is rendered again in the language just chosen.
		redirect(303, '/account?saved=profile');
	},
	password: async ({ request, locals }) => {
		const user = requireUser(locals);
		const parsed = await parseForm(request, passwordChangeSchema);
		if (!parsed.ok) return parsed.failure;
		const db = getDb();
		const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
		if (!row?.hash || !(await verifyPassword(row.hash, parsed.data.current_password))) {
			return formFailure(parsed.values, { current_password: m.account_current_password_wrong() });
		}
		await db.transaction((tx) => changePassword(tx, user.id, parsed.data.password, locals.session?.id));
		redirect(303, '/account?saved=password');
	},
	email: async ({ request, locals }) => {
		const user = requireUser(locals);
		const parsed = await parseForm(request, emailChangeSchema);
		if (!parsed.ok) return parsed.failure;
		if (parsed.data.email === user.email) return formFailure(parsed.values, { email: m.account_email_same() });
		const db = getDb();
		// Moving the account to another address is as sensitive as a new password: ask for the current one.
		const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
		if (!row?.hash || !(await verifyPassword(row.hash, parsed.data.current_password))) {
			return formFailure(parsed.values, { current_password: m.account_current_password_wrong() });
		}
		await db.transaction((tx) => requestEmailChange(tx, { userId: user.id, newEmail: parsed.data.email, origin: config().origin }));
		redirect(303, '/account?saved=email');
	},
	revoke: async ({ request, locals }) => {
		const user = requireUser(locals);
		const form = z.object({ session: z.string().regex(/^[0-9a-f]{12}$/) }).safeParse(Object.fromEntries(await request.formData()));
		if (!form.success) error(400, 'bad request'); // only a tampered form gets here
		const db = getDb();
		const mine = await listUserSessions(db, user.id);
		const target = mine.find((s) => s.id.startsWith(form.data.session) && s.id !== locals.session?.id);
		if (target) await db.delete(sessions).where(and(eq(sessions.id, target.id), eq(sessions.userId, user.id)));
		redirect(303, '/account?saved=sessions');
	},
	revokeOthers: async ({ locals }) => {
		const user = requireUser(locals);
		await invalidateUserSessions(getDb(), user.id, locals.session?.id);
		redirect(303, '/account?saved=sessions');
	}
};
