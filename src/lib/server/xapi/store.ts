/**
 * The one way statements enter the store: the HTTP resource and the platform's own learning records both
 * call `recordStatements` inside their transaction. A batch is validated completely before anything is
 * written, then written with one multi-row insert per table; any error thrown rolls the caller's
 * transaction back, so a rejected batch leaves nothing behind.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRowsPrepared, type DbOrTx } from '../db';
import { xapiAttachments, xapiStatements } from '../db/schema';
import { badRequest, XapiError } from './errors';
import { agentIfis, ifiOf, type Json } from './ifi';
import { checkSignature, SIGNATURE_USAGE } from './signature';
import { enqueueForwarding, type EnabledTarget } from './forward/enqueue';
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

/** A batch as it will be stored: the statements and every row derived from them, not yet written. */
export interface PreparedBatch {
	statements: { raw: Json; received: Json }[];
	rows: StatementRow[];
	activityLinks: LinkRow[];
	agentLinks: LinkRow[];
	usedPayloads: Set<string>;
}

/**
 * The half of `recordStatements` that needs no database: validation (the first problem throws, naming its
 * path), ids, the stored form and the rows derived from it. Exported for bench:xapi's bulk prefill, which
 * COPYs exactly these rows.
 */
export function prepareStatements(input: unknown[], authority: Authority, opts: RecordOptions = {}): PreparedBatch {
	const version = opts.version ?? '1.0';
	const pathOf = (i: number) => (opts.single ? 'statement' : `statement[${i}]`);
	const storedIso = (opts.now ?? new Date()).toISOString();
	const payloads = opts.attachments ?? new Map<string, AttachmentPayload>();

	const received = input.map((s, i) => normalise(validateStatement(s, pathOf(i), version)));
	const seen = new Set<string>();
	const usedPayloads = new Set<string>();
	const statements = received.map((s, i) => {
		const id = ((s.id as string | undefined) ?? crypto.randomUUID()).toLowerCase();
		if (seen.has(id)) throw badRequest(`${pathOf(i)}.id: the id ${id} occurs twice in this batch`);
		seen.add(id);
		checkAttachments(s, pathOf(i), payloads, usedPayloads);
		const raw: Json = { ...s, id, timestamp: s.timestamp ?? storedIso, stored: storedIso, authority: authority.agent, version: s.version ?? '1.0.0' };
		return { raw, received: s };
	});
	for (const sha2 of payloads.keys()) if (!usedPayloads.has(sha2)) throw badRequest(`attachment ${sha2}: no statement in the request names this payload`);

	const rows: StatementRow[] = [];
	const activityLinks: LinkRow[] = [];
	const agentLinks: LinkRow[] = [];
	for (const { raw } of statements) {
		const row = statementRow(raw);
		rows.push(row);
		const l = linksOf(raw);
		for (const key of l.activities) activityLinks.push({ id: row.id, v: key.slice(2), p: key[0] === 'p' });
		for (const key of l.agents) agentLinks.push({ id: row.id, v: key.slice(2), p: key[0] === 'p' });
	}
	return { statements, rows, activityLinks, agentLinks, usedPayloads };
}

/** Validates and stores a batch; returns the statement ids in the order given. */
export async function recordStatements(tx: DbOrTx, input: unknown[], authority: Authority, opts: RecordOptions = {}): Promise<string[]> {
	const now = opts.now ?? new Date();
	const storedIso = now.toISOString();
	const payloads = opts.attachments ?? new Map<string, AttachmentPayload>();
	const { statements: prepared, rows, activityLinks, agentLinks, usedPayloads } = prepareStatements(input, authority, { ...opts, now });
	if (!prepared.length) return [];

	// The rows of the whole batch go as one jsonb parameter per table, unpacked by jsonb_to_recordset: one round
	// trip, and no per-value parameter binding (drizzle's multi-row VALUES builder spent more time on a
	// batch's 2,500 parameters than PostgreSQL spent on the rows). jsonb, not json: json_to_recordset parses the
	// text again for every row and once more for each jsonb column (~6 against ~3.5 ms of PostgreSQL CPU for
	// a batch of 100 at 1.2 KB).
	// One prepared statement writes the statements and their link rows, merges the activity definitions and
	// reads the forwarding targets. Resent ids are skipped by ON CONFLICT and get no link rows (the join only
	// sees what was inserted); the definitions are merged here only when every statement was new (otherwise
	// below, from the new ones alone). A statement is stored voided at once when an earlier voiding statement
	// already names it; voiding statements of this batch are applied below.
	const definitions = definitionRows(prepared.map((p) => p.raw));
	const out = await queryRowsPrepared<{ id: string | null; sequence: string | number | null; targets: EnabledTarget[] | null }>(
		tx,
		sql`with s as (
			insert into xapi_statements (id, raw, stored, actor_ifi, verb_id, object_type, object_id, ref_target, registration, authority_client_id, organisation_id, voided)
			select x.id, x.raw, ${storedIso}::timestamptz, x.actor_ifi, x.verb_id, x.object_type, x.object_id, x.ref_target, x.registration, ${authority.clientId}::uuid, ${authority.organisationId}::uuid,
				x.verb_id <> ${sql.raw(`'${VOIDED}'`)} and exists (select 1 from xapi_statements v where v.ref_target = x.id and v.verb_id = ${sql.raw(`'${VOIDED}'`)})
			from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
				as x(id uuid, raw jsonb, actor_ifi text, verb_id text, object_type text, object_id text, ref_target uuid, registration uuid)
			on conflict (id) do nothing
			returning id, sequence
		), a as (
			insert into xapi_statement_activities (statement_sequence, activity_id, "primary", stored)
			select s.sequence, l.v, l.p, ${storedIso}::timestamptz from jsonb_to_recordset(${JSON.stringify(activityLinks)}::jsonb) as l(id uuid, v text, p boolean) join s on s.id = l.id
		), g as (
			insert into xapi_statement_agents (statement_sequence, ifi, "primary", stored)
			select s.sequence, l.v, l.p, ${storedIso}::timestamptz from jsonb_to_recordset(${JSON.stringify(agentLinks)}::jsonb) as l(id uuid, v text, p boolean) join s on s.id = l.id
		), d as (
			${mergeDefinitionsSql(sql`${JSON.stringify(definitions)}::jsonb`, sql`(select count(*) from s) = ${rows.length}::int`)}
		)
		select s.id, s.sequence, null::json as targets from s
		union all
		select null, null, json_agg(json_build_object('id', t.id, 'verbs', t.verbs, 'activities', t.activities, 'organisationId', t.organisation_id))
			from xapi_forward_targets t where t.disabled_at is null having count(*) > 0`
	);
	const inserted = out.filter((r): r is { id: string; sequence: string | number; targets: null } => r.id !== null);
	const targets = out.find((r) => r.id === null)?.targets ?? [];
	const sequenceOf = new Map(inserted.map((r) => [r.id, Number(r.sequence)]));
	if (inserted.length < rows.length) await checkResends(tx, prepared, sequenceOf);

	const fresh = prepared.filter(({ raw }) => sequenceOf.has(raw.id as string));
	if (!fresh.length) return rows.map((r) => r.id);
	const voiding = rows.filter((r) => r.verb_id === VOIDED && sequenceOf.has(r.id)).map((r) => r.ref_target!);
	if (voiding.length) {
		await checkVoidingTargets(tx, voiding);
		// Targets of the new voiding statements (also those stored in this same batch).
		await tx.execute(sql`update xapi_statements s set voided = true
			where s.id in (${sql.join(voiding.map((id) => sql`${id}::uuid`), sql`, `)}) and s.verb_id <> ${VOIDED} and not s.voided`);
	}

	if (fresh.length < prepared.length) await storeDefinitions(tx, fresh.map((f) => f.raw));
	await enqueueForwarding(tx, fresh.map(({ raw }) => ({ sequence: sequenceOf.get(raw.id as string)!, raw })), authority.organisationId, targets);
	const used = [...usedPayloads].map((sha2) => {
		const p = payloads.get(sha2)!;
		return { sha2, contentType: p.contentType, content: Buffer.from(p.content), length: p.content.byteLength };
	});
	if (used.length) await tx.insert(xapiAttachments).values(used).onConflictDoNothing();
	return rows.map((r) => r.id);
}

export interface StatementRow {
	id: string;
	raw: Json;
	actor_ifi: string | null;
	verb_id: string;
	object_type: string;
	object_id: string | null;
	ref_target: string | null;
	registration: string | null;
}

/** A link row before it has its statement's sequence: statement id, activity id or agent IFI, primary. */
export interface LinkRow {
	id: string;
	v: string;
	p: boolean;
}

/** The columns derived from a statement as stored, for the filters. */
function statementRow(raw: Json): StatementRow {
	const object = raw.object as Json;
	const objectType = (object.objectType as string | undefined) ?? 'Activity';
	return {
		id: raw.id as string,
		raw,
		actor_ifi: ifiOf(raw.actor as Json),
		verb_id: (raw.verb as Json).id as string,
		object_type: objectType,
		object_id: objectType === 'Activity' || objectType === 'StatementRef' ? (object.id as string) : objectType === 'SubStatement' ? null : ifiOf(object),
		ref_target: objectType === 'StatementRef' ? (object.id as string).toLowerCase() : null,
		registration: ((raw.context as Json | undefined)?.registration as string | undefined) ?? null
	};
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
 * Link keys of one statement, `p:` for primary (actor/object) and `r:` for related. One key per value: a
 * value found both ways is primary only, which the related filters match as well. So a filter walking a
 * link table meets each statement once and needs no DISTINCT (which would defeat the index order).
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
	const primaryOnly = (keys: Set<string>) => {
		for (const key of keys) if (key[0] === 'r' && keys.has('p' + key.slice(1))) keys.delete(key);
	};
	primaryOnly(activities);
	primaryOnly(agents);
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

/** `mergeDefinition` in SQL, for two jsonb definitions. */
const mergeSql = (before: SQL, next: SQL) =>
	sql`${before} || ${next}${sql.join(
		['name', 'description'].map(
			(k) => sql` || case when ${before} -> ${sql.raw(`'${k}'`)} is not null and ${next} -> ${sql.raw(`'${k}'`)} is not null
				then jsonb_build_object(${sql.raw(`'${k}'`)}, (${before} -> ${sql.raw(`'${k}'`)}) || (${next} -> ${sql.raw(`'${k}'`)})) else '{}'::jsonb end`
		)
	)}`;

/** The batch's activity definitions, merged per activity id in statement order, as rows for SQL. */
function definitionRows(statements: Json[]): { id: string; d: Json }[] {
	const defs = new Map<string, Json>();
	for (const s of statements) definitionsOf(s, defs);
	return [...defs].map(([id, d]) => ({ id, d }));
}

/**
 * Merges definitions (a jsonb array of `{id, d}`) into the activities resource, when `when` holds. Only rows
 * the merge would change are written (jsonb equality ignores key order), so batches that name the same
 * activities with the same definitions take no row locks on them; the rows that are written are locked in id
 * order, so concurrent batches cannot deadlock (they did under load, in whatever order their statements named
 * the activities). The update merges into the row as it is at that moment, not as this snapshot saw it.
 */
function mergeDefinitionsSql(list: SQL, when: SQL): SQL {
	return sql`insert into xapi_activities (id, definition, updated_at)
		select x.id, x.d, now() from jsonb_to_recordset(${list}) as x(id text, d jsonb)
		left join xapi_activities a on a.id = x.id
		where ${when} and (a.id is null or a.definition is distinct from (${mergeSql(sql`a.definition`, sql`x.d`)}))
		order by x.id
		on conflict (id) do update set definition = ${mergeSql(sql`xapi_activities.definition`, sql`excluded.definition`)}, updated_at = excluded.updated_at`;
}

/** The definitions of the statements of a batch that held resends: only the new statements count. */
async function storeDefinitions(tx: DbOrTx, statements: Json[]) {
	const list = definitionRows(statements);
	if (list.length) await tx.execute(mergeDefinitionsSql(sql`${JSON.stringify(list)}::jsonb`, sql`true`));
}
