import { and, asc, eq, ilike, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { organisationUnits, userRoles, users } from '../db/schema';
import { writeAudit } from '../audit';
import { invalidateUserSessions } from '../auth/session';
import { getUnit } from './units';

/**
 * Members of one organisation as a manager sees them: who, which unit, whether the account is active and
 * who manages. Deliberately nothing about learning activity (no last login, no progress): "completion
 * visible, performance invisible" leaves room only for completions, which the courses capability reports.
 */
export async function listMembers(
	db: DbOrTx,
	organisationId: string,
	opts: { unitId?: string | 'none'; q?: string } = {}
) {
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			unitId: users.unitId,
			unitName: organisationUnits.name,
			deactivatedAt: users.deactivatedAt
		})
		.from(users)
		.leftJoin(organisationUnits, eq(organisationUnits.id, users.unitId))
		.where(
			and(
				eq(users.organisationId, organisationId),
				opts.unitId === 'none' ? isNull(users.unitId) : opts.unitId ? eq(users.unitId, opts.unitId) : undefined,
				opts.q ? or(ilike(users.name, `%${escapeLike(opts.q)}%`), ilike(users.email, `%${escapeLike(opts.q)}%`)) : undefined
			)
		)
		.orderBy(asc(users.name), asc(users.email));
	const managers = rows.length
		? await db
				.select({ userId: userRoles.userId })
				.from(userRoles)
				.where(
					and(
						eq(userRoles.role, 'org_manager'),
						eq(userRoles.organisationId, organisationId),
						inArray(
							userRoles.userId,
							rows.map((r) => r.id)
						)
					)
				)
		: [];
	const managerIds = new Set(managers.map((x) => x.userId));
	return rows.map((r) => ({ ...r, manager: managerIds.has(r.id) }));
}

export function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export async function getMember(db: DbOrTx, organisationId: string, userId: string) {
	const [member] = await db
		.select()
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId)));
	return member ?? null;
}

export type MemberChange = 'ok' | 'not_found' | 'forbidden';

/**
 * A manager may act on an account only while it is wholly theirs: a member of this organisation whose roles
 * are learner or roles scoped to this very organisation. An admin, or someone with duties elsewhere, is the
 * platform administration's business.
 */
async function manageable(db: DbOrTx, organisationId: string, userId: string, actorId: string) {
	const member = await getMember(db, organisationId, userId);
	if (!member) return { state: 'not_found' as const };
	if (member.id === actorId) return { state: 'forbidden' as const };
	const grants = await db.select().from(userRoles).where(eq(userRoles.userId, userId));
	const ok = grants.every((g) => g.role === 'learner' || (g.role !== 'admin' && g.organisationId === organisationId));
	return ok ? { state: 'ok' as const, member } : { state: 'forbidden' as const };
}

export async function canManageMember(db: DbOrTx, organisationId: string, userId: string, actorId: string) {
	return (await manageable(db, organisationId, userId, actorId)).state;
}

/**
 * Deactivation keeps the account and everything the person learned (it is theirs); they can no longer log
 * in and their sessions end at once.
 */
export async function setMemberActive(
	db: DbOrTx,
	organisationId: string,
	userId: string,
	active: boolean,
	actorId: string
): Promise<MemberChange> {
	const check = await manageable(db, organisationId, userId, actorId);
	if (check.state !== 'ok') return check.state;
	await db.update(users).set({ deactivatedAt: active ? null : new Date() }).where(eq(users.id, userId));
	if (!active) await invalidateUserSessions(db, userId);
	await writeAudit(db, {
		actorId,
		action: active ? 'member.reactivate' : 'member.deactivate',
		targetType: 'user',
		targetId: userId,
		details: { organisationId }
	});
	return 'ok';
}

/** Moves a member into one of the organisation's units (or out of all, with `null`). */
export async function setMemberUnit(
	db: DbOrTx,
	organisationId: string,
	userId: string,
	unitId: string | null,
	actorId: string
): Promise<MemberChange> {
	const member = await getMember(db, organisationId, userId);
	if (!member) return 'not_found';
	if (unitId && !(await getUnit(db, organisationId, unitId))) return 'not_found';
	await db.update(users).set({ unitId }).where(eq(users.id, userId));
	await writeAudit(db, {
		actorId,
		action: 'member.unit',
		targetType: 'user',
		targetId: userId,
		details: { organisationId, from: member.unitId, to: unitId }
	});
	return 'ok';
}
