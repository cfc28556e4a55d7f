/**
 * The one way statements enter the store: the HTTP resource and the platform's own learning records both
 * call `recordStatements` inside their transaction. A batch is validated completely before anything is
 * written, then written with one multi-row insert per table; any error thrown rolls the caller's
 * transaction back, so a rejected batch leaves nothing behind.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { xapiActivities, xapiAttachments, xapiStatementActivities, xapiStatementAgents, xapiStatements } from '../db/schema';
import { badRequest, XapiError } from './errors';
import { agentIfis, ifiOf, type Json } from './ifi';
import { checkSignature, SIGNATURE_USAGE } from './signature';
import { enqueueForwarding } from './forward/enqueue';
import { validateStatement, VOIDED, type XapiVersion } from './validate';

/** Who writes: the agent set as `authority`, the client (null: the platform itself) and its organisation. */
export interface Authority {
	agent: Json;
	clientId: string | null;
	organisationId: string | null;
}

export interface AttachmentPayload {
	contentType: string;
	content: Uint8Array;
}

export interface RecordOptions {
	version?: XapiVersion;
	/** Payloads that came with the request (multipart/mixed), by SHA-2. */
	attachments?: Map<string, AttachmentPayload>;
	/** PUT names its single statement `statement`, a POST batch `statement[i]`. */
	single?: boolean;
	now?: Date;
}

/** The platform's own authority for the learning records it writes. */
export function platformAuthority(origin: string): Authority {
	return { agent: { objectType: 'Agent', name: 'Lernbrücke', account: { homePage: origin, name: 'lernbruecke' } }, clientId: null, organisationId: null };
}

// The keys the LRS sets itself; they never make two statements "different" (1.0.3 §2.5 immutability).
const LRS_KEYS = ['stored', 'authority', 'version'];

/** Validates and stores a batch; returns the statement ids in the order given. */
export async function recordStatements(tx: DbOrTx, input: unknown[], authority: Authority, opts: RecordOptions = {}): Promise<string[]> {
	const version = opts.version ?? '1.0';
	const pathOf = (i: number) => (opts.single ? 'statement' : `statement[${i}]`);
	const stored = opts.now ?? new Date();
	const storedIso = stored.toISOString();
	const payloads = opts.attachments ?? new Map<string, AttachmentPayload>();

	const received = input.map((s, i) => normalise(validateStatement(s, pathOf(i), version)));
	const seen = new Set<string>();
	const usedPayloads = new Set<string>();
	const prepared = received.map((s, i) => {
		const id = ((s.id as string | undefined) ?? crypto.randomUUID()).toLowerCase();
		if (seen.has(id)) throw badRequest(`${pathOf(i)}.id: the id ${id} occurs twice in this batch`);
		seen.add(id);
		checkAttachments(s, pathOf(i), payloads, usedPayloads);
		const raw: Json = { ...s, id, timestamp: s.timestamp ?? storedIso, stored: storedIso, authority: authority.agent, version: s.version ?? '1.0.0' };
		return { raw, received: s };
	});
	for (const sha2 of payloads.keys()) if (!usedPayloads.has(sha2)) throw badRequest(`attachment ${sha2}: no statement in the request names this payload`);
	if (!prepared.length) return [];

	const rows = prepared.map(({ raw }) => {
		const object = raw.object as Json;
		const objectType = (object.objectType as string | undefined) ?? 'Activity';
		return {
			id: raw.id as string,
			raw,
			stored,
			actorIfi: ifiOf(raw.actor as Json),
			verbId: (raw.verb as Json).id as string,
			objectType,
			objectId: objectType === 'Activity' || objectType === 'StatementRef' ? (object.id as string) : objectType === 'SubStatement' ? null : ifiOf(object),
			refTarget: objectType === 'StatementRef' ? (object.id as string).toLowerCase() : null,
			registration: ((raw.context as Json | undefined)?.registration as string | undefined) ?? null,
			authorityClientId: authority.clientId,
			organisationId: authority.organisationId
		};
	});

	const inserted = await tx
		.insert(xapiStatements)
		.values(rows)
		.onConflictDoNothing({ target: xapiStatements.id })
		.returning({ id: xapiStatements.id, sequence: xapiStatements.sequence });
	const sequenceOf = new Map(inserted.map((r) => [r.id, r.sequence]));
	if (inserted.length < rows.length) await checkResends(tx, prepared, sequenceOf);

	const fresh = prepared.filter(({ raw }) => sequenceOf.has(raw.id as string));
	if (!fresh.length) return rows.map((r) => r.id);
	await checkVoidingTargets(tx, rows.filter((r) => r.verbId === VOIDED && sequenceOf.has(r.id)).map((r) => r.refTarget!));

	const activityRows: (typeof xapiStatementActivities.$inferInsert)[] = [];
	const agentRows: (typeof xapiStatementAgents.$inferInsert)[] = [];
	for (const { raw } of fresh) {
		const statementSequence = sequenceOf.get(raw.id as string)!;
		const l = linksOf(raw);
		for (const key of l.activities) activityRows.push({ statementSequence, activityId: key.slice(2), primary: key[0] === 'p', stored });
		for (const key of l.agents) agentRows.push({ statementSequence, ifi: key.slice(2), primary: key[0] === 'p', stored });
	}
	for (const chunk of chunks(activityRows)) await tx.insert(xapiStatementActivities).values(chunk);
	for (const chunk of chunks(agentRows)) await tx.insert(xapiStatementAgents).values(chunk);

	// Voided flags: targets of the new voiding statements, and new statements an earlier voiding statement named.
	const touched = [...new Set([...fresh.map((f) => f.raw.id as string), ...rows.filter((r) => r.verbId === VOIDED).map((r) => r.refTarget!)])];
	await tx.execute(sql`update xapi_statements s set voided = true
		where s.id in (${sql.join(touched.map((id) => sql`${id}::uuid`), sql`, `)}) and s.verb_id <> ${VOIDED} and not s.voided
		and exists (select 1 from xapi_statements v where v.ref_target = s.id and v.verb_id = ${VOIDED})`);

	await storeDefinitions(tx, fresh.map((f) => f.raw));
	await enqueueForwarding(tx, fresh.map(({ raw }) => ({ sequence: sequenceOf.get(raw.id as string)!, raw })), authority.organisationId);
	const used = [...usedPayloads].map((sha2) => {
		const p = payloads.get(sha2)!;
		return { sha2, contentType: p.contentType, content: Buffer.from(p.content), length: p.content.byteLength };
	});
	if (used.length) await tx.insert(xapiAttachments).values(used).onConflictDoNothing();
	return rows.map((r) => r.id);
}

/** Context activities are always stored (and returned) as arrays, in statements and sub-statements. */
function normalise(s: Json): Json {
	const context = s.context as Json | undefined;
	const ca = context?.contextActivities as Json | undefined;
	let out = s;
	if (ca) {
		const arrays = Object.fromEntries(Object.entries(ca).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
		out = { ...s, context: { ...context, contextActivities: arrays } };
	}
	const object = out.object as Json;
	if (object.objectType === 'SubStatement') out = { ...out, object: normalise(object) };
	return out;
}

function* chunks<T>(list: T[], size = 5000): Generator<T[]> {
	for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/** A statement without `fileUrl` needs its payload in the request; a signature must match its statement. */
function checkAttachments(s: Json, path: string, payloads: Map<string, AttachmentPayload>, used: Set<string>) {
	const list = (s.attachments as Json[] | undefined) ?? [];
	list.forEach((a, i) => {
		const sha2 = a.sha2 as string;
		const payload = payloads.get(sha2);
		if (payload) used.add(sha2);
		else if (a.fileUrl === undefined) throw badRequest(`${path}.attachments[${i}]: no payload with SHA-2 ${sha2} in the request and no fileUrl`);
		if (a.usageType === SIGNATURE_USAGE) {
			if (!payload) throw badRequest(`${path}.attachments[${i}]: a signature attachment needs its payload`);
			checkSignature(s, payload, `${path}.attachments[${i}]`);
		}
	});
}

/** Known ids: the same statement again is fine (nothing changes), a different one is a conflict. */
async function checkResends(tx: DbOrTx, prepared: { raw: Json; received: Json }[], sequenceOf: Map<string, number>) {
	const resent = prepared.filter(({ raw }) => !sequenceOf.has(raw.id as string));
	const existing = await tx
		.select({ id: xapiStatements.id, raw: xapiStatements.raw })
		.from(xapiStatements)
		.where(inArray(xapiStatements.id, resent.map((r) => r.raw.id as string)));
	const byId = new Map(existing.map((e) => [e.id, e.raw]));
	for (const { raw, received } of resent) {
		const before = byId.get(raw.id as string);
		if (!before || !sameStatement(before, received)) throw new XapiError(409, `statement ${raw.id} exists already with different content`);
	}
}

export function sameStatement(stored: Json, received: Json): boolean {
	const strip = (s: Json, dropTimestamp: boolean) => {
		const out: Json = { ...s };
		for (const k of LRS_KEYS) delete out[k];
		delete out.id;
		if (dropTimestamp) delete out.timestamp;
		return out;
	};
	return canonical(strip(stored, received.timestamp === undefined)) === canonical(strip(received, false));
}

/** JSON with sorted keys, so two objects compare equal regardless of key order. */
export function canonical(v: unknown): string {
	if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
	if (v && typeof v === 'object') {
		const o = v as Json;
		return `{${Object.keys(o)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(v);
}

/** A voiding statement cannot void another voiding statement (1.0.3 §2.3.2). */
async function checkVoidingTargets(tx: DbOrTx, targets: string[]) {
	if (!targets.length) return;
	const bad = await tx
		.select({ id: xapiStatements.id })
		.from(xapiStatements)
		.where(and(inArray(xapiStatements.id, targets), eq(xapiStatements.verbId, VOIDED)))
		.limit(1);
	if (bad.length) throw badRequest(`statement ${bad[0]!.id} is itself a voiding statement and cannot be voided`);
}

/**
 * Link keys of one statement, `p:` for primary (actor/object) and `r:` for related. Deduplicated; a value
 * found both ways gets both rows, so either filter finds it through one index.
 */
export function linksOf(s: Json): { activities: Set<string>; agents: Set<string> } {
	const activities = new Set<string>();
	const agents = new Set<string>();
	const addAgents = (prefix: string, a: unknown) => agentIfis(a as Json | undefined).forEach((id) => agents.add(prefix + id));
	const walk = (body: Json, primary: boolean) => {
		const p = primary ? 'p:' : 'r:';
		addAgents(p, body.actor);
		const object = body.object as Json;
		const type = object.objectType ?? 'Activity';
		if (type === 'Activity') activities.add(p + (object.id as string));
		else if (type === 'Agent' || type === 'Group') addAgents(p, object);
		else if (type === 'SubStatement') walk(object, false);
		const context = body.context as Json | undefined;
		if (context) {
			addAgents('r:', context.instructor);
			addAgents('r:', context.team);
			for (const ca of (context.contextAgents as Json[] | undefined) ?? []) addAgents('r:', ca.agent);
			for (const cg of (context.contextGroups as Json[] | undefined) ?? []) addAgents('r:', cg.group);
			for (const list of Object.values((context.contextActivities as Json | undefined) ?? {})) {
				for (const a of (Array.isArray(list) ? list : [list]) as Json[]) activities.add('r:' + (a.id as string));
			}
		}
	};
	walk(s, true);
	addAgents('r:', s.authority);
	return { activities, agents };
}

/** Every activity definition in the statements, for the activities resource. */
function definitionsOf(s: Json, out: Map<string, Json>) {
	const add = (a: unknown) => {
		const act = a as Json;
		if (act && (act.objectType ?? 'Activity') === 'Activity' && act.definition) out.set(act.id as string, mergeDefinition(out.get(act.id as string), act.definition as Json));
	};
	const walk = (body: Json) => {
		const object = body.object as Json;
		if (object.objectType === 'SubStatement') walk(object);
		else add(object);
		for (const list of Object.values(((body.context as Json | undefined)?.contextActivities as Json | undefined) ?? {})) (Array.isArray(list) ? list : [list]).forEach(add);
	};
	walk(s);
}

/** Language maps are merged tag by tag; everything else takes the newer value. */
export function mergeDefinition(before: Json | undefined, next: Json): Json {
	if (!before) return next;
	const merged: Json = { ...before, ...next };
	for (const k of ['name', 'description']) if (before[k] && next[k]) merged[k] = { ...(before[k] as Json), ...(next[k] as Json) };
	return merged;
}

async function storeDefinitions(tx: DbOrTx, statements: Json[]) {
	const defs = new Map<string, Json>();
	for (const s of statements) definitionsOf(s, defs);
	if (!defs.size) return;
	const existing = await tx.select().from(xapiActivities).where(inArray(xapiActivities.id, [...defs.keys()]));
	const before = new Map(existing.map((e) => [e.id, e.definition]));
	const rows = [...defs].map(([id, d]) => ({ id, definition: mergeDefinition(before.get(id), d), updatedAt: new Date() }));
	// Sorted by id: concurrent batches then lock the shared activity rows in the same order and cannot
	// deadlock each other (they did under load, in whatever order their statements named the activities).
	const changed = rows.filter((r) => canonical(r.definition) !== canonical(before.get(r.id))).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	if (!changed.length) return;
	await tx
		.insert(xapiActivities)
		.values(changed)
		.onConflictDoUpdate({ target: xapiActivities.id, set: { definition: sql`excluded.definition`, updatedAt: sql`excluded.updated_at` } });
}
