import { and, asc, count, eq, ilike, inArray, isNull, isNotNull, or, type SQL } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DbOrTx } from '../db';
import { organisations, userRoles, users, type Locale, type Role } from '../db/schema';
import { hashPassword } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';
import { writeAudit } from '../audit';
import { escapeLike } from '../orgs';

export type RoleGrant = { role: Role; organisationId: string | null };

export function newActorId(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export class EmailTakenError extends Error {
	constructor() {
		super('email_taken');
	}
}

export interface NewUser {
	email: string;
	name: string;
	password?: string | null;
	locale?: Locale;
	organisationId?: string | null;
	unitId?: string | null;
	roles: RoleGrant[];
	/** Self-registration creates the account unconfirmed until the person follows the mailed link. */
	unconfirmed?: boolean;
}

/** Creates a user with roles; the e-mail is normalised to lower case and must be free. */
export async function createUser(db: DbOrTx, input: NewUser, actorId: string | null) {
	const email = input.email.trim().toLowerCase();
	const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
	if (existing) throw new EmailTakenError();
	const [user] = await db
		.insert(users)
		.values({
			email,
			name: input.name.trim(),
			passwordHash: input.password ? await hashPassword(input.password) : null,
			locale: input.locale ?? 'de',
			organisationId: input.organisationId ?? null,
			unitId: input.organisationId ? (input.unitId ?? null) : null,
			actorId: newActorId(),
			emailConfirmedAt: input.unconfirmed ? null : new Date()
		})
		.returning();
	if (input.roles.length) {
		await db.insert(userRoles).values(input.roles.map((r) => ({ userId: user!.id, ...r })));
	}
	await writeAudit(db, {
		actorId: actorId ?? user!.id,
		action: actorId ? 'user.create' : 'user.signup',
		targetType: 'user',
		targetId: user!.id,
		details: { email, roles: input.roles, organisationId: input.organisationId ?? null, unitId: input.unitId ?? null }
	});
	return user!;
}

export async function getUser(db: DbOrTx, id: string) {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	if (!user) return null;
	const roles = await db
		.select({ role: userRoles.role, organisationId: userRoles.organisationId })
		.from(userRoles)
		.where(eq(userRoles.userId, id));
	return { ...user, roles };
}

export interface UserListOptions {
	q?: string;
	role?: Role;
	organisationId?: string;
	status?: 'active' | 'deactivated';
	page?: number;
	pageSize?: number;
}

/** Admin user list: search by name or e-mail, filter by role, organisation and status, paged. */
export async function listUsers(db: DbOrTx, opts: UserListOptions = {}) {
	const pageSize = Math.min(opts.pageSize ?? 25, 100);
	const page = Math.max(1, opts.page ?? 1);
	const where: SQL[] = [];
	if (opts.q) {
		const like = `%${escapeLike(opts.q.trim())}%`;
		where.push(or(ilike(users.name, like), ilike(users.email, like))!);
	}
	if (opts.organisationId) where.push(eq(users.organisationId, opts.organisationId));
	if (opts.status === 'active') where.push(isNull(users.deactivatedAt));
	if (opts.status === 'deactivated') where.push(isNotNull(users.deactivatedAt));
	if (opts.role) {
		const holders = db.select({ id: userRoles.userId }).from(userRoles).where(eq(userRoles.role, opts.role));
		where.push(inArray(users.id, holders));
	}
	const filter = where.length ? and(...where) : undefined;
	const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(users).where(filter);
	const rows = await db
		.select({
			id: users.id,
			email: users.email,
			name: users.name,
			deactivatedAt: users.deactivatedAt,
			lastLoginAt: users.lastLoginAt,
			organisationName: organisations.name
		})
		.from(users)
		.leftJoin(organisations, eq(organisations.id, users.organisationId))
		.where(filter)
		.orderBy(asc(users.name), asc(users.email))
		.limit(pageSize)
		.offset((page - 1) * pageSize);
	const roles = rows.length
		? await db
				.select({ userId: userRoles.userId, role: userRoles.role, organisationId: userRoles.organisationId })
				.from(userRoles)
				.where(inArray(userRoles.userId, rows.map((r) => r.id)))
		: [];
	return {
		users: rows.map((r) => ({ ...r, roles: roles.filter((x) => x.userId === r.id).map((x) => x.role) })),
		total,
		page,
		pageSize
	};
}

/** Replaces a user's organisation and role grants in one step (the admin form edits them together). */
export async function updateUserAccess(
	db: DbOrTx,
	userId: string,
	input: { name: string; organisationId: string | null; roles: RoleGrant[] },
	actorId: string
) {
	const before = await getUser(db, userId);
	if (!before) return null;
	const unitId = input.organisationId === before.organisationId ? before.unitId : null;
	await db.update(users).set({ name: input.name.trim(), organisationId: input.organisationId, unitId }).where(eq(users.id, userId));
	await db.delete(userRoles).where(eq(userRoles.userId, userId));
	if (input.roles.length) await db.insert(userRoles).values(input.roles.map((r) => ({ userId, ...r })));
	await writeAudit(db, {
		actorId,
		action: 'user.update_access',
		targetType: 'user',
		targetId: userId,
		details: {
			before: { name: before.name, organisationId: before.organisationId, roles: before.roles },
			after: input
		}
	});
	return getUser(db, userId);
}

/** Deactivated people cannot log in; their sessions end at once. Their records stay theirs. */
export async function setUserActive(db: DbOrTx, userId: string, active: boolean, actorId: string) {
	const [user] = await db
		.update(users)
		.set({ deactivatedAt: active ? null : new Date() })
		.where(eq(users.id, userId))
		.returning({ id: users.id });
	if (!user) return false;
	if (!active) await invalidateUserSessions(db, userId);
	await writeAudit(db, {
		actorId,
		action: active ? 'user.reactivate' : 'user.deactivate',
		targetType: 'user',
		targetId: userId
	});
	return true;
}

export async function updateProfile(db: DbOrTx, userId: string, input: { name: string; locale: Locale }) {
	await db.update(users).set({ name: input.name.trim(), locale: input.locale }).where(eq(users.id, userId));
}

export async function setLocale(db: DbOrTx, userId: string, locale: Locale) {
	await db.update(users).set({ locale }).where(eq(users.id, userId));
}

export async function changePassword(db: DbOrTx, userId: string, newPassword: string, keepSessionId?: string) {
	await db.update(users).set({ passwordHash: await hashPassword(newPassword) }).where(eq(users.id, userId));
	// A changed password ends every other session: whoever knew the old one is logged out.
	await invalidateUserSessions(db, userId, keepSessionId);
	await writeAudit(db, { actorId: userId, action: 'user.password_change', targetType: 'user', targetId: userId });
}

export async function countUsers(db: DbOrTx): Promise<number> {
	const [row] = await db.select({ n: count() }).from(users);
	return row?.n ?? 0;
}
