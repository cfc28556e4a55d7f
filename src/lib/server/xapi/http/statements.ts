/** The statements resource (1.0.3 §2.1): PUT, POST, GET (single, voided, query) and HEAD. */
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { xapiAttachments, type LrsClient } from '../../db/schema';
import { readsOwnOnly, requireScope } from '../clients';
import { badRequest, XapiError } from '../errors';
import { formatStatements, type Format } from '../format';
import { ifiOf, type Json } from '../ifi';
import { parsePage, queryStatements, statementById, type Cursor, type StatementFilter } from '../query';
import { recordStatements, type AttachmentPayload, type Authority } from '../store';
import { actor, timestamp } from '../validate';
import { boundaryOf, buildMultipart, parseMultipart, sha2Matches } from './multipart';
import { allowParams, jsonBody, type XapiRequest } from './request';
import { json, type Reply } from './response';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** The statements and attachment payloads of a PUT/POST body (JSON or multipart/mixed). */
function readStatementsBody(req: XapiRequest): { statements: unknown; payloads: Map<string, AttachmentPayload> } {
	const type = req.contentType.split(';')[0]!.trim().toLowerCase();
	const payloads = new Map<string, AttachmentPayload>();
	if (type === 'multipart/mixed') {
		const parts = parseMultipart(req.body, boundaryOf(req.contentType));
		const [first, ...rest] = parts;
		if (!first || !first.headers.get('content-type')?.toLowerCase().startsWith('application/json')) throw badRequest('the first part of multipart/mixed must be the statement JSON');
		let statements: unknown;
		try {
			statements = JSON.parse(Buffer.from(first.body).toString('utf8'));
		} catch {
			throw badRequest('statement: the first part is not valid JSON');
		}
		rest.forEach((part, i) => {
			const hash = part.headers.get('x-experience-api-hash');
			if (!hash) throw badRequest(`attachment part ${i + 1}: the X-Experience-API-Hash header is missing`);
			if (part.headers.get('content-transfer-encoding')?.toLowerCase() !== 'binary') {
				throw badRequest(`attachment part ${i + 1}: Content-Transfer-Encoding must be binary`);
			}
			if (!sha2Matches(part.body, hash)) throw badRequest(`attachment part ${i + 1}: the content does not match its SHA-2 ${hash}`);
			payloads.set(hash, { contentType: part.headers.get('content-type') ?? 'application/octet-stream', content: part.body });
		});
		return { statements, payloads };
	}
	if (type !== 'application/json') throw badRequest('statements are sent as application/json or multipart/mixed');
	return { statements: jsonBody(req, 'statement'), payloads };
}

export async function putStatement(db: DbOrTx, req: XapiRequest, client: LrsClient, authority: Authority): Promise<Reply> {
	requireScope(client, 'statements/write');
	allowParams(req, ['statementId']);
	const id = req.params.get('statementId');
	if (!id) throw badRequest('statementId is required for PUT');
	if (!UUID.test(id)) throw badRequest('statementId: must be a UUID');
	const { statements, payloads } = readStatementsBody(req);
	if (!statements || typeof statements !== 'object' || Array.isArray(statements)) throw badRequest('statement: PUT takes one statement object');
	const s = statements as Json;
	if (s.id !== undefined && String(s.id).toLowerCase() !== id.toLowerCase()) throw badRequest('statement.id: differs from the statementId parameter');
	await db.transaction((tx) => recordStatements(tx, [{ ...s, id: id.toLowerCase() }], authority, { version: req.version, attachments: payloads, single: true }));
	return { status: 204 };
}

export async function postStatements(db: DbOrTx, req: XapiRequest, client: LrsClient, authority: Authority): Promise<Reply> {
	requireScope(client, 'statements/write');
	allowParams(req, []);
	const { statements, payloads } = readStatementsBody(req);
	const list = Array.isArray(statements) ? statements : [statements];
	if (!Array.isArray(statements) && (!statements || typeof statements !== 'object')) throw badRequest('statement: must be an object or an array of statements');
	const ids = await db.transaction((tx) => recordStatements(tx, list, authority, { version: req.version, attachments: payloads, single: !Array.isArray(statements) }));
	return json(ids);
}

const bool = (req: XapiRequest, name: string): boolean => {
	const v = req.params.get(name);
	if (v === null) return false;
	if (v !== 'true' && v !== 'false') throw badRequest(`${name}: must be true or false`);
	return v === 'true';
};

function formatOf(req: XapiRequest): Format {
	const f = req.params.get('format') ?? 'exact';
	if (f !== 'exact' && f !== 'ids' && f !== 'canonical') throw badRequest('format: must be exact, ids or canonical');
	return f;
}

const CURSOR_PARAM = 'cursor';
const QUERY_PARAMS = ['agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'format', 'attachments', 'ascending', CURSOR_PARAM];

function parseCursor(value: string): Cursor {
	try {
		const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
		if (typeof c.s === 'string' && Number.isInteger(c.q)) return { stored: c.s, sequence: c.q };
	} catch {
		/* below */
	}
	throw badRequest('cursor: not a cursor this LRS issued');
}

function filterOf(req: XapiRequest, client: LrsClient): StatementFilter {
	const p = req.params;
	const f: StatementFilter = { limit: DEFAULT_LIMIT, ascending: bool(req, 'ascending'), relatedActivities: bool(req, 'related_activities'), relatedAgents: bool(req, 'related_agents') };
	const agent = p.get('agent');
	if (agent !== null) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(agent);
		} catch {
			throw badRequest('agent: must be an Agent or identified Group as JSON');
		}
		const ifi = ifiOf(actor(parsed, 'agent', req.version));
		if (!ifi) throw badRequest('agent: an anonymous Group cannot be used as a filter');
		f.agentIfi = ifi;
	}
	const verb = p.get('verb');
	if (verb !== null) {
		if (!IRI.test(verb)) throw badRequest('verb: must be an IRI');
		f.verb = verb;
	}
	const activity = p.get('activity');
	if (activity !== null) {
		if (!IRI.test(activity)) throw badRequest('activity: must be an IRI');
		f.activity = activity;
	}
	const registration = p.get('registration');
	if (registration !== null) {
		if (!UUID.test(registration)) throw badRequest('registration: must be a UUID');
		f.registration = registration;
	}
	for (const key of ['since', 'until'] as const) {
		const v = p.get(key);
		if (v !== null) f[key] = timestamp(v, key);
	}
	const limit = p.get('limit');
	if (limit !== null) {
		if (!/^\d+$/.test(limit)) throw badRequest('limit: must be a whole number ≥ 0');
		const n = Number(limit);
		f.limit = n === 0 ? MAX_LIMIT : Math.min(n, MAX_LIMIT);
	}
	if (readsOwnOnly(client)) f.authorityClientId = client.id;
	if (client.organisationId) f.organisationId = client.organisationId;
	return f;
}

async function withAttachments(db: DbOrTx, payload: unknown, statements: Json[]): Promise<Reply> {
	const hashes = new Set<string>();
	const collect = (s: Json) => {
		for (const a of (s.attachments as Json[] | undefined) ?? []) hashes.add(a.sha2 as string);
		const o = s.object as Json;
		if (o?.objectType === 'SubStatement') collect(o);
	};
	statements.forEach(collect);
	const rows = hashes.size ? await db.select().from(xapiAttachments).where(inArray(xapiAttachments.sha2, [...hashes])) : [];
	const { body, contentType } = buildMultipart(payload, rows.map((r) => ({ sha2: r.sha2, contentType: r.contentType, content: r.content })));
	return { status: 200, body, headers: { 'Content-Type': contentType } };
}

export async function getStatements(db: DbOrTx, req: XapiRequest, client: LrsClient): Promise<Reply> {
	requireScope(client, 'statements/read');
	const consistentThrough = new Date().toISOString();
	const format = formatOf(req);
	const attachments = bool(req, 'attachments');
	const single = req.params.get('statementId') ?? req.params.get('voidedStatementId');
	if (req.params.has('statementId') || req.params.has('voidedStatementId')) {
		allowParams(req, ['statementId', 'voidedStatementId', 'format', 'attachments']);
		if (req.params.has('statementId') && req.params.has('voidedStatementId')) throw badRequest('give statementId or voidedStatementId, not both');
		if (!UUID.test(single!)) throw badRequest(`${req.params.has('statementId') ? 'statementId' : 'voidedStatementId'}: must be a UUID`);
		const access = { authorityClientId: readsOwnOnly(client) ? client.id : undefined, organisationId: client.organisationId ?? undefined };
		const found = await statementById(db, single!.toLowerCase(), req.params.has('voidedStatementId'), access);
		if (!found) throw new XapiError(404, `no ${req.params.has('voidedStatementId') ? 'voided ' : ''}statement ${single}`);
		const [out] = await formatStatements(db, [found], format, req.header('accept-language'));
		const headers = { 'X-Experience-API-Consistent-Through': consistentThrough, 'Last-Modified': new Date(found.stored as string).toUTCString() };
		if (attachments) {
			const reply = await withAttachments(db, out, [found]);
			return { ...reply, headers: { ...reply.headers, ...headers } };
		}
		return json(out, 200, headers);
	}
	allowParams(req, QUERY_PARAMS);
	const filter = filterOf(req, client);
	const cursorValue = req.params.get(CURSOR_PARAM);
	const page = await queryStatements(db, filter, cursorValue ? parseCursor(cursorValue) : undefined);
	let more = '';
	if (page.next) {
		const next = new URLSearchParams(req.params);
		next.delete('cachebuster');
		next.set(CURSOR_PARAM, Buffer.from(JSON.stringify({ s: page.next.stored, q: page.next.sequence })).toString('base64url'));
		more = `/xapi/statements?${next}`;
	}
	const headers = { 'X-Experience-API-Consistent-Through': consistentThrough, 'Last-Modified': new Date(consistentThrough).toUTCString() };
	if (format === 'exact' && !attachments) {
		// The stored JSON as it is: the same statements, key order and values as parsing and serialising them.
		return { status: 200, body: `{"statements":[${page.raw.join(',')}],"more":${JSON.stringify(more)}}`, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } };
	}
	const parsed = parsePage(page);
	const statements = await formatStatements(db, parsed, format, req.header('accept-language'));
	const result = { statements, more };
	if (attachments) {
		const reply = await withAttachments(db, result, parsed);
		return { ...reply, headers: { ...reply.headers, ...headers } };
	}
	return json(result, 200, headers);
}
