/**
 * `format=ids` and `format=canonical` of statement GETs (1.0.3 §2.1.3.3). `exact` is the stored record itself.
 */
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { xapiActivities } from '../db/schema';
import type { Json } from './ifi';

export type Format = 'exact' | 'ids' | 'canonical';

const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'];

function agentIds(a: unknown): Json | undefined {
	if (!a || typeof a !== 'object') return a as undefined;
	const agent = a as Json;
	const out: Json = { objectType: agent.objectType ?? 'Agent' };
	for (const k of IFI_KEYS) if (agent[k] !== undefined) out[k] = agent[k];
	// An anonymous group is known only by its members.
	if (agent.objectType === 'Group' && !IFI_KEYS.some((k) => agent[k] !== undefined) && Array.isArray(agent.member)) out.member = agent.member.map(agentIds);
	return out;
}

const activityIds = (a: Json) => ({ id: a.id });

function idsOf(body: Json): Json {
	const out: Json = { ...body, actor: agentIds(body.actor), verb: { id: (body.verb as Json).id } };
	const object = body.object as Json;
	const type = object.objectType ?? 'Activity';
	if (type === 'Activity') out.object = activityIds(object);
	else if (type === 'Agent' || type === 'Group') out.object = agentIds(object);
	else if (type === 'SubStatement') out.object = idsOf(object);
	if (body.authority) out.authority = agentIds(body.authority);
	const context = body.context as Json | undefined;
	if (context) {
		const c: Json = { ...context };
		if (c.instructor) c.instructor = agentIds(c.instructor);
		if (c.team) c.team = agentIds(c.team);
		if (c.contextActivities) {
			const ca: Json = {};
			for (const [k, list] of Object.entries(c.contextActivities as Json)) ca[k] = (Array.isArray(list) ? list : [list]).map((a) => activityIds(a as Json));
			c.contextActivities = ca;
		}
		out.context = c;
	}
	return out;
}

/** The best language of a language map for the Accept-Language header; the first entry otherwise. */
function pickLanguage(map: Json, accept: string[]): Json {
	const keys = Object.keys(map);
	if (keys.length <= 1) return map;
	for (const want of accept) {
		const hit = keys.find((k) => k.toLowerCase() === want) ?? keys.find((k) => k.toLowerCase().split('-')[0] === want.split('-')[0]);
		if (hit) return { [hit]: map[hit] };
	}
	return { [keys[0]!]: map[keys[0]!] };
}

function canonicalLanguages(v: unknown, accept: string[], key = ''): unknown {
	if (Array.isArray(v)) return v.map((x) => canonicalLanguages(x, accept));
	if (!v || typeof v !== 'object') return v;
	const o = v as Json;
	if (['name', 'description', 'display'].includes(key)) return pickLanguage(o, accept);
	const out: Json = {};
	for (const [k, val] of Object.entries(o)) out[k] = k === 'extensions' ? val : canonicalLanguages(val, accept, k);
	return out;
}

function activitiesIn(body: Json, out: Set<string>) {
	const object = body.object as Json;
	if ((object.objectType ?? 'Activity') === 'Activity') out.add(object.id as string);
	if (object.objectType === 'SubStatement') activitiesIn(object, out);
}

function withDefinitions(body: Json, defs: Map<string, Json>): Json {
	const object = body.object as Json;
	if ((object.objectType ?? 'Activity') === 'Activity' && defs.has(object.id as string)) return { ...body, object: { ...object, definition: defs.get(object.id as string) } };
	if (object.objectType === 'SubStatement') return { ...body, object: withDefinitions(object, defs) };
	return body;
}

export async function formatStatements(db: DbOrTx, statements: Json[], format: Format, acceptLanguage: string | null): Promise<Json[]> {
	if (format === 'exact') return statements;
	if (format === 'ids') return statements.map(idsOf);
	const ids = new Set<string>();
	statements.forEach((s) => activitiesIn(s, ids));
	const rows = ids.size ? await db.select().from(xapiActivities).where(inArray(xapiActivities.id, [...ids])) : [];
	const defs = new Map(rows.map((r) => [r.id, r.definition]));
	const accept = (acceptLanguage ?? '')
		.split(',')
		.map((p) => p.split(';')[0]!.trim().toLowerCase())
		.filter((p) => p && p !== '*');
	return statements.map((s) => canonicalLanguages(withDefinitions(s, defs), accept) as Json);
}
