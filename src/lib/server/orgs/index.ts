import { and, asc, count, countDistinct, eq, ilike, inArray, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { organisations, users, type OrgType } from '../db/schema';
import { writeAudit } from '../audit';
import { escapeLike } from './members';

export { listMembers, getMember, setMemberActive, setMemberUnit, canManageMember, escapeLike, type MemberChange } from './members';
export { listUnits, getUnit, createUnit, renameUnit, deleteUnit, UnitNameTakenError } from './units';

export interface OrganisationContact {
	contactName?: string | null;
	contactEmail?: string | null;
	contactPhone?: string | null;
}

export interface OrganisationInput extends OrganisationContact {
	name: string;
	type: OrgType;
	regionAgs: string;
}

const contactValues = (c: OrganisationContact) => ({
	contactName: c.contactName || null,
	contactEmail: c.contactEmail || null,
	contactPhone: c.contactPhone || null
});

export async function createOrganisation(db: DbOrTx, input: OrganisationInput, actorId: string | null) {
	const [org] = await db
		.insert(organisations)
		.values({ ...input, ...contactValues(input) })
		.returning();
	await writeAudit(db, {
		actorId,
		action: 'organisation.create',
		targetType: 'organisation',
		targetId: org!.id,
		details: { ...input }
	});
	return org!;
}

export async function updateOrganisation(
	db: DbOrTx,
	id: string,
	input: OrganisationInput,
	actorId: string | null
) {
	const [org] = await db
		.update(organisations)
		.set({ ...input, ...contactValues(input) })
		.where(eq(organisations.id, id))
		.returning();
	if (org)
		await writeAudit(db, {
			actorId,
			action: 'organisation.update',
			targetType: 'organisation',
			targetId: id,
			details: { ...input }
		});
	return org ?? null;
}

/** What an organisation's own managers may change about it: the contact. Name, type and region are the admins'. */
export async function updateOrganisationContact(db: DbOrTx, id: string, input: OrganisationContact, actorId: string) {
	const [org] = await db.update(organisations).set(contactValues(input)).where(eq(organisations.id, id)).returning();
	if (org)
		await writeAudit(db, {
			actorId,
			action: 'organisation.contact',
			targetType: 'organisation',
			targetId: id,
			details: contactValues(input)
		});
	return org ?? null;
}

export async function getOrganisation(db: DbOrTx, id: string) {
	const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
	return org ?? null;
}

/** All organisations with their member counts, optionally filtered by a search term and type. */
export async function listOrganisations(db: DbOrTx, opts: { q?: string; type?: OrgType } = {}) {
	const where: SQL[] = [];
	if (opts.q) where.push(ilike(organisations.name, `%${escapeLike(opts.q)}%`));
	if (opts.type) where.push(eq(organisations.type, opts.type));
	return db
		.select({
			id: organisations.id,
			name: organisations.name,
			type: organisations.type,
			regionAgs: organisations.regionAgs,
			contactEmail: organisations.contactEmail,
			createdAt: organisations.createdAt,
			members: count(users.id)
		})
		.from(organisations)
		.leftJoin(users, eq(users.organisationId, organisations.id))
		.where(where.length ? and(...where) : undefined)
		.groupBy(organisations.id)
		.orderBy(asc(organisations.name));
}



export async function getOrganisations(db: DbOrTx, ids: string[]) {
	if (!ids.length) return [];
	return db.select().from(organisations).where(inArray(organisations.id, ids)).orderBy(asc(organisations.name));
}

/** Organisations and active members per organisation type, for overview pages. */
export async function countByType(db: DbOrTx, scope: string[] | null) {
	return db
		.select({ type: organisations.type, organisations: countDistinct(organisations.id), members: count(users.id) })
		.from(organisations)
		.leftJoin(users, and(eq(users.organisationId, organisations.id), isNull(users.deactivatedAt)))
		.where(scope ? inArray(organisations.id, scope) : undefined)
		.groupBy(organisations.type)
		.orderBy(asc(organisations.type));
}
