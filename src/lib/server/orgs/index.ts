import { and, asc, count, countDistinct, eq, ilike, inArray, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { organisations, users, type OrgType } from '../db/schema';
import { writeAudit } from '../audit';

export interface OrganisationInput {
	name: string;
	type: OrgType;
	regionAgs: string;
	contactEmail?: string | null;
}

export async function createOrganisation(db: DbOrTx, input: OrganisationInput, actorId: string | null) {
	const [org] = await db
		.insert(organisations)
		.values({ ...input, contactEmail: input.contactEmail || null })
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
		.set({ ...input, contactEmail: input.contactEmail || null })
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

export function escapeLike(s: string): string {
	return s.replace(/[\\%_]/g, (c) => '\\' + c);
}


/** Members of one organisation as a manager sees them: who, and whether the account is active. */
export async function listMembers(db: DbOrTx, organisationId: string) {
	return db
		.select({ id: users.id, name: users.name, email: users.email, deactivatedAt: users.deactivatedAt })
		.from(users)
		.where(eq(users.organisationId, organisationId))
		.orderBy(asc(users.name));
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
