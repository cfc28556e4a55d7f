import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { organisationUnits, users } from '../db/schema';
import { writeAudit } from '../audit';

/**
 * Units of one organisation. Every function takes the organisation id and filters by it, so an id from a
 * form can never reach another organisation's unit: a foreign id simply finds nothing.
 */
export async function listUnits(db: DbOrTx, organisationId: string) {
	return db
		.select({ id: organisationUnits.id, name: organisationUnits.name, members: count(users.id) })
		.from(organisationUnits)
		.leftJoin(users, eq(users.unitId, organisationUnits.id))
		.where(eq(organisationUnits.organisationId, organisationId))
		.groupBy(organisationUnits.id)
		.orderBy(asc(organisationUnits.name));
}

export async function getUnit(db: DbOrTx, organisationId: string, unitId: string) {
	const [unit] = await db
		.select()
		.from(organisationUnits)
		.where(and(eq(organisationUnits.id, unitId), eq(organisationUnits.organisationId, organisationId)));
	return unit ?? null;
}

export class UnitNameTakenError extends Error {
	constructor() {
		super('unit_name_taken');
	}
}

async function assertNameFree(db: DbOrTx, organisationId: string, name: string, exceptId?: string) {
	const [clash] = await db
		.select({ id: organisationUnits.id })
		.from(organisationUnits)
		.where(
			and(
				eq(organisationUnits.organisationId, organisationId),
				sql`lower(${organisationUnits.name}) = lower(${name})`,
				exceptId ? ne(organisationUnits.id, exceptId) : undefined
			)
		);
	if (clash) throw new UnitNameTakenError();
}

export async function createUnit(db: DbOrTx, organisationId: string, name: string, actorId: string) {
	await assertNameFree(db, organisationId, name);
	const [unit] = await db.insert(organisationUnits).values({ organisationId, name: name.trim() }).returning();
	await writeAudit(db, {
		actorId,
		action: 'unit.create',
		targetType: 'organisation',
		targetId: organisationId,
		details: { unitId: unit!.id, name: unit!.name }
	});
	return unit!;
}

export async function renameUnit(db: DbOrTx, organisationId: string, unitId: string, name: string, actorId: string) {
	const unit = await getUnit(db, organisationId, unitId);
	if (!unit) return null;
	await assertNameFree(db, organisationId, name, unitId);
	await db.update(organisationUnits).set({ name: name.trim() }).where(eq(organisationUnits.id, unitId));
	await writeAudit(db, {
		actorId,
		action: 'unit.rename',
		targetType: 'organisation',
		targetId: organisationId,
		details: { unitId, from: unit.name, to: name.trim() }
	});
	return { ...unit, name: name.trim() };
}

/** Its members stay in the organisation, without a unit; its join code stops working. */
export async function deleteUnit(db: DbOrTx, organisationId: string, unitId: string, actorId: string) {
	const unit = await getUnit(db, organisationId, unitId);
	if (!unit) return false;
	await db.delete(organisationUnits).where(eq(organisationUnits.id, unitId));
	await writeAudit(db, {
		actorId,
		action: 'unit.delete',
		targetType: 'organisation',
		targetId: organisationId,
		details: { unitId, name: unit.name }
	});
	return true;
}
