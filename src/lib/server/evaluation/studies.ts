import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db';
import { evaluationStudies, organisations, type EvaluationStudy } from '../db/schema';
import { writeAudit } from '../audit';

/**
 * Studies and their keys (docs/decisions/009-evaluation-exports.md, "Pseudonyms"). A study key is drawn
 * by the server when the study is created, shown once and then forgotten; the evaluators keep it. An
 * export "for a study" derives its pseudonym salt from the key, so the same key gives the same
 * pseudonyms in every export of that study, while the platform — which stores only a check value — can
 * neither recompute them from identities nor recover the key.
 */

/** The certificate codes' alphabet (no 0/O, 1/I; 32 symbols, so every character is 5 uniform bits). */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 52 characters × 5 bits = 260 bits: more than the 256 bits of the HMAC it keys. */
export const STUDY_KEY_LENGTH = 52;

export function newStudyKey(): string {
	let out = '';
	for (const b of randomBytes(STUDY_KEY_LENGTH)) out += ALPHABET[b % 32];
	return out;
}

/** `ABCD-EFGH-…` in groups of four, as shown and written to the key file. */
export function formatStudyKey(key: string): string {
	return key.match(/.{1,4}/g)?.join('-') ?? key;
}

/** What someone pasted or typed, made comparable (case, spaces and dashes do not matter); null if it cannot be a key. */
export function normaliseStudyKey(input: string): string | null {
	const cleaned = input.toUpperCase().replace(/[\s\-–—_.]/g, '');
	if (cleaned.length !== STUDY_KEY_LENGTH) return null;
	for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
	return cleaned;
}

// Two outputs of one PRF (HMAC-SHA-256 keyed with the study key) under different labels: the stored check
// value says nothing about the salt, and both are bound to the study, so one key never fits two studies.
const mac = (key: string, label: string, studyId: string) => createHmac('sha256', key).update(`${label}:${studyId}`).digest();

export const studyKeyCheck = (key: string, studyId: string) => mac(key, 'lernbruecke-study-check', studyId).toString('hex');

/** The pseudonym salt of a study's exports (32 bytes). */
export const studySalt = (key: string, studyId: string): Uint8Array => mac(key, 'lernbruecke-study-salt', studyId);

export interface StudyRow {
	id: string;
	name: string;
	organisationId: string | null;
	organisationName: string | null;
	createdAt: Date;
	closedAt: Date | null;
	exports: number;
}

/** Studies an evaluator may see: all for an unscoped one (orgs null), else only those of their organisations. */
const visible = (orgs: string[] | null) => (orgs === null ? undefined : orgs.length ? inArray(evaluationStudies.organisationId, orgs) : sql`false`);

export async function listStudies(db: DbOrTx, orgs: string[] | null): Promise<StudyRow[]> {
	const rows = await db
		.select({
			id: evaluationStudies.id,
			name: evaluationStudies.name,
			organisationId: evaluationStudies.organisationId,
			organisationName: organisations.name,
			createdAt: evaluationStudies.createdAt,
			closedAt: evaluationStudies.closedAt
		})
		.from(evaluationStudies)
		.leftJoin(organisations, eq(organisations.id, evaluationStudies.organisationId))
		.where(visible(orgs))
		.orderBy(desc(evaluationStudies.createdAt));
	if (!rows.length) return [];
	// Exports per study from the audit log: one grouped scan of the export entries, no extra state to keep.
	const counts = await queryRows<{ study: string; n: number }>(
		db,
		sql`select details->>'study' as study, count(*)::int as n from audit_log
			where action = 'evaluation.export' and details->>'study' in (${sql.join(
				rows.map((r) => sql`${r.id}`),
				sql`, `
			)}) group by 1`
	);
	const byId = new Map(counts.map((c) => [c.study, Number(c.n)]));
	return rows.map((r) => ({ ...r, exports: byId.get(r.id) ?? 0 }));
}

export async function getStudy(db: DbOrTx, id: string, orgs: string[] | null): Promise<EvaluationStudy | undefined> {
	const [row] = await db
		.select()
		.from(evaluationStudies)
		.where(and(eq(evaluationStudies.id, id), visible(orgs)));
	return row;
}

/** Creates a study and returns its key — the only time the key exists outside the evaluator's hands. */
export async function createStudy(
	tx: DbOrTx,
	input: { name: string; organisationId: string | null; createdBy: string }
): Promise<{ study: EvaluationStudy; key: string }> {
	const id = crypto.randomUUID();
	const key = newStudyKey();
	const [study] = await tx
		.insert(evaluationStudies)
		.values({ id, name: input.name, organisationId: input.organisationId, createdBy: input.createdBy, keyCheck: studyKeyCheck(key, id) })
		.returning();
	await writeAudit(tx, {
		actorId: input.createdBy,
		action: 'evaluation.study_created',
		targetType: 'evaluation_study',
		targetId: id,
		details: { name: input.name, organisationId: input.organisationId }
	});
	return { study: study!, key };
}

/** Closes a visible, open study; false if the evaluator cannot see it (or it does not exist). */
export async function closeStudy(tx: DbOrTx, id: string, orgs: string[] | null, actorId: string): Promise<boolean> {
	const study = await getStudy(tx, id, orgs);
	if (!study) return false;
	if (study.closedAt) return true;
	await tx
		.update(evaluationStudies)
		.set({ closedAt: new Date() })
		.where(and(eq(evaluationStudies.id, id), isNull(evaluationStudies.closedAt)));
	await writeAudit(tx, { actorId, action: 'evaluation.study_closed', targetType: 'evaluation_study', targetId: id, details: { name: study.name } });
	return true;
}

export type StudyRefusal = 'not_found' | 'closed' | 'malformed_key' | 'wrong_key';

/**
 * The study and its pseudonym salt for an export, if the evaluator may see the study, it is open and the
 * key is the one it was created with.
 */
export async function unlockStudy(
	db: DbOrTx,
	id: string,
	key: string,
	orgs: string[] | null
): Promise<{ study: EvaluationStudy; salt: Uint8Array } | { refused: StudyRefusal; study?: EvaluationStudy }> {
	const study = await getStudy(db, id, orgs);
	if (!study) return { refused: 'not_found' };
	if (study.closedAt) return { refused: 'closed', study };
	const normal = normaliseStudyKey(key);
	if (!normal) return { refused: 'malformed_key', study };
	const given = Buffer.from(studyKeyCheck(normal, id), 'hex');
	const stored = Buffer.from(study.keyCheck, 'hex');
	if (given.length !== stored.length || !timingSafeEqual(given, stored)) return { refused: 'wrong_key', study };
	return { study, salt: studySalt(normal, id) };
}
