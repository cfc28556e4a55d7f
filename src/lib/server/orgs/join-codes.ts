import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { joinCodes, organisations, organisationUnits, users, type Locale } from '../db/schema';
import { writeAudit } from '../audit';
import { requestSignup } from '../auth/signup';
import { getUnit } from './units';

/** No 0/O, 1/I/L, U: codes are read aloud and typed from paper. 10 of 30 symbols ≈ 49 bits. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

export function generateJoinCode(): string {
	const bytes = new Uint8Array(CODE_LENGTH);
	crypto.getRandomValues(bytes);
	// 256 is not a multiple of 30; the bias of a plain modulo (≤ 1 in 8) does not matter for a 49-bit code.
	return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** Accepts what people type: lower case, spaces and dashes (`abcd-efgh-jk`). */
export function normaliseJoinCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

export const formatJoinCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

export async function listJoinCodes(db: DbOrTx, organisationId: string) {
	return db
		.select({ code: joinCodes.code, unitId: joinCodes.unitId, unitName: organisationUnits.name, createdAt: joinCodes.createdAt })
		.from(joinCodes)
		.leftJoin(organisationUnits, eq(organisationUnits.id, joinCodes.unitId))
		.where(eq(joinCodes.organisationId, organisationId))
		.orderBy(asc(organisationUnits.name));
}

const scope = (organisationId: string, unitId: string | null) =>
	and(eq(joinCodes.organisationId, organisationId), unitId ? eq(joinCodes.unitId, unitId) : isNull(joinCodes.unitId));

/** Switches the code for the organisation (or one unit) on, or replaces it: the old code stops working. */
export async function regenerateJoinCode(db: DbOrTx, organisationId: string, unitId: string | null, actorId: string) {
	if (unitId && !(await getUnit(db, organisationId, unitId))) return null;
	await db.delete(joinCodes).where(scope(organisationId, unitId));
	const code = generateJoinCode();
	await db.insert(joinCodes).values({ code, organisationId, unitId, createdBy: actorId });
	await writeAudit(db, { actorId, action: 'join_code.generate', targetType: 'organisation', targetId: organisationId, details: { unitId } });
	return code;
}

export async function disableJoinCode(db: DbOrTx, organisationId: string, unitId: string | null, actorId: string) {
	const removed = await db.delete(joinCodes).where(scope(organisationId, unitId)).returning({ code: joinCodes.code });
	if (removed.length)
		await writeAudit(db, { actorId, action: 'join_code.disable', targetType: 'organisation', targetId: organisationId, details: { unitId } });
	return removed.length > 0;
}

export async function findJoinCode(db: DbOrTx, input: string) {
	const code = normaliseJoinCode(input);
	if (!code) return null;
	const [row] = await db
		.select({ code: joinCodes.code, organisationId: joinCodes.organisationId, organisationName: organisations.name, unitId: joinCodes.unitId, unitName: organisationUnits.name })
		.from(joinCodes)
		.innerJoin(organisations, eq(organisations.id, joinCodes.organisationId))
		.leftJoin(organisationUnits, eq(organisationUnits.id, joinCodes.unitId))
		.where(eq(joinCodes.code, code));
	return row ?? null;
}

/**
 * Self-registration into the code's organisation and unit, through the same confirmation as sign-up: the
 * account exists unconfirmed until the mailed link is followed, and a known address only gets a note.
 * Returns false when the code no longer works.
 */
export async function registerWithJoinCode(
	db: DbOrTx,
	code: string,
	input: { name: string; email: string; password: string; locale: Locale; origin: string }
): Promise<boolean> {
	const target = await findJoinCode(db, code);
	if (!target) return false;
	await requestSignup(db, { ...input, organisationId: target.organisationId, unitId: target.unitId });
	await writeAudit(db, { actorId: null, action: 'join_code.register', targetType: 'organisation', targetId: target.organisationId, details: { unitId: target.unitId } });
	return true;
}

/** An existing account without organisation joins with the code. People of other organisations cannot. */
export async function joinWithCode(db: DbOrTx, code: string, userId: string): Promise<'ok' | 'invalid' | 'member_elsewhere' | 'already_member'> {
	const target = await findJoinCode(db, code);
	if (!target) return 'invalid';
	const [user] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, userId));
	if (user?.organisationId === target.organisationId) return 'already_member';
	if (user?.organisationId) return 'member_elsewhere';
	await db.update(users).set({ organisationId: target.organisationId, unitId: target.unitId }).where(eq(users.id, userId));
	await writeAudit(db, { actorId: userId, action: 'join_code.join', targetType: 'organisation', targetId: target.organisationId, details: { unitId: target.unitId } });
	return 'ok';
}
