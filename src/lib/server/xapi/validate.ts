/**
 * Strict statement validation (xAPI 1.0.3 §2, with the 2.0.0 additions when the client speaks 2.0).
 * Hand-written rather than zod: a batch of 100 statements is checked on every POST, and the messages must
 * name the exact path (`statement[3].actor.mbox: must be a mailto IRI`). The first problem is reported.
 */
import { badRequest } from './errors';
import type { Json } from './ifi';

export type XapiVersion = '1.0' | '2.0';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const MBOX = /^mailto:[^@\s]+@[^@\s]+$/;
const SHA1 = /^[0-9a-f]{40}$/i;
const SHA2 = /^[0-9a-f]{56,128}$/i;
// RFC 5646 language tag (langtag, private use and the grandfathered irregular forms in short).
const LANG =
	/^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[\da-wy-z](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+|[a-z]{1,3}(?:-[a-z\d]{2,8}){1,2})$/i;
const DURATION = /^(?:P\d+(?:\.\d+)?W|P(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d(?::?\d\d)?)$/i;
const VERSION_1 = /^1\.0(?:\.\d+)?$/;
const VERSION_2 = /^2\.0(?:\.\d+)?$/;
const INTERACTION_TYPES = new Set(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']);
export const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

const fail = (path: string, message: string): never => {
	throw badRequest(`${path}: ${message}`);
};

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(v: unknown, path: string, allowed: readonly string[]): Json {
	if (!isObject(v)) fail(path, 'must be an object');
	const o = v as Json;
	for (const key of Object.keys(o)) {
		if (!allowed.includes(key)) fail(`${path}.${key}`, 'is not allowed here');
		if (o[key] === null) fail(`${path}.${key}`, 'must not be null');
	}
	return o;
}
function string(v: unknown, path: string): string {
	if (typeof v !== 'string') fail(path, 'must be a string');
	return v as string;
}
function iri(v: unknown, path: string): string {
	const s = string(v, path);
	if (!IRI.test(s)) fail(path, 'must be an absolute IRI');
	return s;
}
function uuid(v: unknown, path: string): string {
	const s = string(v, path);
	if (!UUID.test(s)) fail(path, 'must be a UUID');
	return s;
}
function bool(v: unknown, path: string) {
	if (typeof v !== 'boolean') fail(path, 'must be true or false');
}
function number(v: unknown, path: string): number {
	if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'must be a number');
	return v as number;
}
export function timestamp(v: unknown, path: string): string {
	const s = string(v, path);
	if (!TIMESTAMP.test(s) || /-00(?::?00)?$/.test(s) || Number.isNaN(Date.parse(s))) fail(path, 'must be an ISO 8601 timestamp with a time zone (not -00:00)');
	return s;
}
export function languageMap(v: unknown, path: string) {
	if (!isObject(v)) fail(path, 'must be a language map');
	for (const [tag, text] of Object.entries(v as Json)) {
		if (!LANG.test(tag)) fail(`${path}.${tag}`, 'is not an RFC 5646 language tag');
		if (typeof text !== 'string') fail(`${path}.${tag}`, 'must be a string');
	}
}
function extensions(v: unknown, path: string) {
	if (!isObject(v)) fail(path, 'must be an object');
	for (const key of Object.keys(v as Json)) if (!IRI.test(key)) fail(`${path}.${key}`, 'extension keys must be IRIs');
}
function array(v: unknown, path: string): unknown[] {
	if (!Array.isArray(v)) fail(path, 'must be an array');
	return v as unknown[];
}

const AGENT_KEYS = ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

function ifiCount(o: Json, path: string): number {
	let n = 0;
	if (o.mbox !== undefined) {
		if (typeof o.mbox !== 'string' || !MBOX.test(o.mbox)) fail(`${path}.mbox`, 'must be a mailto IRI (mailto:name@host)');
		n++;
	}
	if (o.mbox_sha1sum !== undefined) {
		if (typeof o.mbox_sha1sum !== 'string' || !SHA1.test(o.mbox_sha1sum)) fail(`${path}.mbox_sha1sum`, 'must be a SHA-1 hex string');
		n++;
	}
	if (o.openid !== undefined) {
		iri(o.openid, `${path}.openid`);
		n++;
	}
	if (o.account !== undefined) {
		const a = object(o.account, `${path}.account`, ['homePage', 'name']);
		if (a.homePage === undefined) fail(`${path}.account.homePage`, 'is required');
		iri(a.homePage, `${path}.account.homePage`);
		if (a.name === undefined) fail(`${path}.account.name`, 'is required');
		string(a.name, `${path}.account.name`);
		n++;
	}
	return n;
}

export function agent(v: unknown, path: string, version: XapiVersion): Json {
	const o = object(v, path, AGENT_KEYS);
	if (o.objectType !== undefined && o.objectType !== 'Agent') fail(`${path}.objectType`, 'must be "Agent"');
	if (o.name !== undefined) string(o.name, `${path}.name`);
	if (ifiCount(o, path) !== 1) fail(path, 'an Agent needs exactly one of mbox, mbox_sha1sum, openid, account');
	void version;
	return o;
}

export function group(v: unknown, path: string, version: XapiVersion): Json {
	const o = object(v, path, [...AGENT_KEYS, 'member']);
	if (o.objectType !== 'Group') fail(`${path}.objectType`, 'must be "Group"');
	if (o.name !== undefined) string(o.name, `${path}.name`);
	const ifis = ifiCount(o, path);
	if (ifis > 1) fail(path, 'a Group has at most one of mbox, mbox_sha1sum, openid, account');
	if (o.member !== undefined) array(o.member, `${path}.member`).forEach((m, i) => agent(m, `${path}.member[${i}]`, version));
	if (ifis === 0 && (!Array.isArray(o.member) || !o.member.length)) fail(`${path}.member`, 'an anonymous Group needs members');
	return o;
}

export function actor(v: unknown, path: string, version: XapiVersion): Json {
	return isObject(v) && v.objectType === 'Group' ? group(v, path, version) : agent(v, path, version);
}

function verb(v: unknown, path: string) {
	const o = object(v, path, ['id', 'display']);
	if (o.id === undefined) fail(`${path}.id`, 'is required');
	iri(o.id, `${path}.id`);
	if (o.display !== undefined) languageMap(o.display, `${path}.display`);
	return o;
}

const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

function definition(v: unknown, path: string) {
	const o = object(v, path, ['name', 'description', 'type', 'moreInfo', 'extensions', 'interactionType', 'correctResponsesPattern', ...COMPONENT_LISTS]);
	if (o.name !== undefined) languageMap(o.name, `${path}.name`);
	if (o.description !== undefined) languageMap(o.description, `${path}.description`);
	if (o.type !== undefined) iri(o.type, `${path}.type`);
	if (o.moreInfo !== undefined) iri(o.moreInfo, `${path}.moreInfo`);
	if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
	if (o.interactionType !== undefined && !INTERACTION_TYPES.has(o.interactionType as string)) fail(`${path}.interactionType`, `must be one of ${[...INTERACTION_TYPES].join(', ')}`);
	if (o.correctResponsesPattern !== undefined) array(o.correctResponsesPattern, `${path}.correctResponsesPattern`).forEach((p, i) => string(p, `${path}.correctResponsesPattern[${i}]`));
	const hasComponents = COMPONENT_LISTS.some((k) => o[k] !== undefined);
	if ((hasComponents || o.correctResponsesPattern !== undefined) && o.interactionType === undefined) fail(`${path}.interactionType`, 'is required with interaction components');
	for (const key of COMPONENT_LISTS) {
		if (o[key] === undefined) continue;
		const seen = new Set<string>();
		array(o[key], `${path}.${key}`).forEach((c, i) => {
			const p = `${path}.${key}[${i}]`;
			const comp = object(c, p, ['id', 'description']);
			const id = string(comp.id, `${p}.id`);
			if (seen.has(id)) fail(`${p}.id`, 'is used twice');
			seen.add(id);
			if (comp.description !== undefined) languageMap(comp.description, `${p}.description`);
		});
	}
}

export function activity(v: unknown, path: string) {
	const o = object(v, path, ['objectType', 'id', 'definition']);
	if (o.objectType !== undefined && o.objectType !== 'Activity') fail(`${path}.objectType`, 'must be "Activity"');
	if (o.id === undefined) fail(`${path}.id`, 'is required');
	iri(o.id, `${path}.id`);
	if (o.definition !== undefined) definition(o.definition, `${path}.definition`);
	return o;
}

function statementRef(v: unknown, path: string) {
	const o = object(v, path, ['objectType', 'id']);
	if (o.objectType !== 'StatementRef') fail(`${path}.objectType`, 'must be "StatementRef"');
	uuid(o.id, `${path}.id`);
}

function statementObject(v: unknown, path: string, version: XapiVersion, sub: boolean) {
	if (!isObject(v)) fail(path, 'must be an object');
	const type = (v as Json).objectType ?? 'Activity';
	switch (type) {
		case 'Activity':
			return activity(v, path);
		case 'Agent':
			return agent(v, path, version);
		case 'Group':
			return group(v, path, version);
		case 'StatementRef':
			return statementRef(v, path);
		case 'SubStatement':
			if (sub) fail(`${path}.objectType`, 'a SubStatement cannot contain another SubStatement');
			return body(v, path, version, true);
		default:
			fail(`${path}.objectType`, 'must be Activity, Agent, Group, StatementRef or SubStatement');
	}
}

function score(v: unknown, path: string) {
	const o = object(v, path, ['scaled', 'raw', 'min', 'max']);
	const n = (k: string) => (o[k] === undefined ? undefined : number(o[k], `${path}.${k}`));
	const [scaled, raw, min, max] = [n('scaled'), n('raw'), n('min'), n('max')];
	if (scaled !== undefined && (scaled < -1 || scaled > 1)) fail(`${path}.scaled`, 'must be between -1 and 1');
	if (min !== undefined && max !== undefined && min >= max) fail(`${path}.min`, 'must be less than max');
	if (raw !== undefined && min !== undefined && raw < min) fail(`${path}.raw`, 'must not be below min');
	if (raw !== undefined && max !== undefined && raw > max) fail(`${path}.raw`, 'must not be above max');
}

function result(v: unknown, path: string) {
	const o = object(v, path, ['score', 'success', 'completion', 'response', 'duration', 'extensions']);
	if (o.score !== undefined) score(o.score, `${path}.score`);
	if (o.success !== undefined) bool(o.success, `${path}.success`);
	if (o.completion !== undefined) bool(o.completion, `${path}.completion`);
	if (o.response !== undefined) string(o.response, `${path}.response`);
	if (o.duration !== undefined && !DURATION.test(string(o.duration, `${path}.duration`))) fail(`${path}.duration`, 'must be an ISO 8601 duration');
	if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
}

function activityList(v: unknown, path: string) {
	if (Array.isArray(v)) v.forEach((a, i) => activity(a, `${path}[${i}]`));
	else activity(v, path);
}

function context(v: unknown, path: string, version: XapiVersion, objectIsActivity: boolean) {
	const keys = ['registration', 'instructor', 'team', 'contextActivities', 'revision', 'platform', 'language', 'statement', 'extensions'];
	if (version === '2.0') keys.push('contextAgents', 'contextGroups');
	const o = object(v, path, keys);
	if (o.registration !== undefined) uuid(o.registration, `${path}.registration`);
	if (o.instructor !== undefined) actor(o.instructor, `${path}.instructor`, version);
	if (o.team !== undefined) group(o.team, `${path}.team`, version);
	if (o.contextActivities !== undefined) {
		const ca = object(o.contextActivities, `${path}.contextActivities`, ['parent', 'grouping', 'category', 'other']);
		for (const [k, list] of Object.entries(ca)) activityList(list, `${path}.contextActivities.${k}`);
	}
	if (o.revision !== undefined) {
		string(o.revision, `${path}.revision`);
		if (!objectIsActivity) fail(`${path}.revision`, 'is only allowed when the object is an Activity');
	}
	if (o.platform !== undefined) {
		string(o.platform, `${path}.platform`);
		if (!objectIsActivity) fail(`${path}.platform`, 'is only allowed when the object is an Activity');
	}
	if (o.language !== undefined && !LANG.test(string(o.language, `${path}.language`))) fail(`${path}.language`, 'is not an RFC 5646 language tag');
	if (o.statement !== undefined) statementRef(o.statement, `${path}.statement`);
	if (o.extensions !== undefined) extensions(o.extensions, `${path}.extensions`);
	if (o.contextAgents !== undefined)
		array(o.contextAgents, `${path}.contextAgents`).forEach((c, i) => {
			const p = `${path}.contextAgents[${i}]`;
			const ca = object(c, p, ['objectType', 'agent', 'relevantTypes']);
			if (ca.objectType !== 'contextAgent') fail(`${p}.objectType`, 'must be "contextAgent"');
			agent(ca.agent, `${p}.agent`, version);
			if (ca.relevantTypes !== undefined) relevantTypes(ca.relevantTypes, `${p}.relevantTypes`);
		});
	if (o.contextGroups !== undefined)
		array(o.contextGroups, `${path}.contextGroups`).forEach((c, i) => {
			const p = `${path}.contextGroups[${i}]`;
			const cg = object(c, p, ['objectType', 'group', 'relevantTypes']);
			if (cg.objectType !== 'contextGroup') fail(`${p}.objectType`, 'must be "contextGroup"');
			group(cg.group, `${p}.group`, version);
			if (cg.relevantTypes !== undefined) relevantTypes(cg.relevantTypes, `${p}.relevantTypes`);
		});
}

/** 2.0.0 §2.4.6: when present, a non-empty list of IRIs. */
function relevantTypes(v: unknown, path: string) {
	const list = array(v, path);
	if (!list.length) fail(path, 'must not be empty when present');
	list.forEach((t, j) => iri(t, `${path}[${j}]`));
}

export function attachments(v: unknown, path: string) {
	array(v, path).forEach((a, i) => {
		const p = `${path}[${i}]`;
		const o = object(a, p, ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl']);
		for (const k of ['usageType', 'display', 'contentType', 'length', 'sha2']) if (o[k] === undefined) fail(`${p}.${k}`, 'is required');
		iri(o.usageType, `${p}.usageType`);
		languageMap(o.display, `${p}.display`);
		if (o.description !== undefined) languageMap(o.description, `${p}.description`);
		string(o.contentType, `${p}.contentType`);
		if (!Number.isInteger(o.length) || (o.length as number) < 0) fail(`${p}.length`, 'must be a whole number');
		if (!SHA2.test(string(o.sha2, `${p}.sha2`))) fail(`${p}.sha2`, 'must be a SHA-2 hex string');
		if (o.fileUrl !== undefined) iri(o.fileUrl, `${p}.fileUrl`);
	});
}

/** Actor, verb, object, result, context, timestamp, attachments: what statements and sub-statements share. */
function body(v: unknown, path: string, version: XapiVersion, sub: boolean): Json {
	const keys = sub
		? ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments']
		: ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments', 'objectType'];
	const o = object(v, path, keys);
	if (!sub && o.objectType !== undefined) fail(`${path}.objectType`, 'is not allowed on a statement');
	for (const k of ['actor', 'verb', 'object']) if (o[k] === undefined) fail(`${path}.${k}`, 'is required');
	actor(o.actor, `${path}.actor`, version);
	const v2 = verb(o.verb, `${path}.verb`);
	statementObject(o.object, `${path}.object`, version, sub);
	const objectType = (o.object as Json).objectType ?? 'Activity';
	if (v2.id === VOIDED && objectType !== 'StatementRef') fail(`${path}.object`, 'a voiding statement must target a StatementRef');
	if (o.result !== undefined) result(o.result, `${path}.result`);
	if (o.context !== undefined) context(o.context, `${path}.context`, version, objectType === 'Activity');
	if (o.timestamp !== undefined) timestamp(o.timestamp, `${path}.timestamp`);
	if (o.attachments !== undefined) attachments(o.attachments, `${path}.attachments`);
	return o;
}

export function validateStatement(v: unknown, path: string, version: XapiVersion): Json {
	const o = body(v, path, version, false);
	if (o.id !== undefined) uuid(o.id, `${path}.id`);
	if (o.stored !== undefined) timestamp(o.stored, `${path}.stored`);
	if (o.authority !== undefined) {
		actor(o.authority, `${path}.authority`, version);
		const a = o.authority as Json;
		// A Group authority exists only for OAuth: an anonymous pair of the application (an account) and the user.
		if (a.objectType === 'Group') {
			const members = Array.isArray(a.member) ? (a.member as Json[]) : [];
			if (['mbox', 'mbox_sha1sum', 'openid', 'account'].some((k) => a[k] !== undefined) || members.length !== 2 || !members.some((m) => m.account !== undefined)) {
				fail(`${path}.authority`, 'a Group authority must be an anonymous group of two agents, one of them an OAuth account');
			}
		}
	}
	if (o.version !== undefined) {
		const s = string(o.version, `${path}.version`);
		if (!VERSION_1.test(s) && !(version === '2.0' && VERSION_2.test(s))) fail(`${path}.version`, `must be a ${version === '2.0' ? '1.0.x or 2.0.x' : '1.0.x'} version`);
	}
	return o;
}
