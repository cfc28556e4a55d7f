/**
 * activities/state, activities/profile and agents/profile (1.0.3 §2.3–2.6): one document or the list of
 * ids, with ETag preconditions (If-Match / If-None-Match → 412, a PUT over an existing document without
 * either → 409) and JSON merge on POST. Each write runs in a transaction that locks the document's key, so
 * two clients racing with the same ETag cannot both win.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import type { LrsClient } from '../../db/schema';
import { requireScope } from '../clients';
import { deleteDocuments, getDocument, listDocumentIds, putDocument, type DocumentKey, type DocumentKind } from '../documents';
import { badRequest, XapiError } from '../errors';
import { ifiOf } from '../ifi';
import { actor, timestamp } from '../validate';
import { allowParams, type XapiRequest } from './request';
import { json, type Reply } from './response';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;

interface Spec {
	kind: DocumentKind;
	idParam: 'stateId' | 'profileId';
	params: string[];
	/** State documents need no preconditions; profiles do (1.0.3 §2.3.1). */
	concurrency: boolean;
}

const SPECS: Record<string, Spec> = {
	'activities/state': { kind: 'state', idParam: 'stateId', params: ['activityId', 'agent', 'registration', 'stateId', 'since'], concurrency: false },
	'activities/profile': { kind: 'activity_profile', idParam: 'profileId', params: ['activityId', 'profileId', 'since'], concurrency: true },
	'agents/profile': { kind: 'agent_profile', idParam: 'profileId', params: ['agent', 'profileId', 'since'], concurrency: true }
};

function keyOf(req: XapiRequest, spec: Spec): DocumentKey {
	const p = req.params;
	const key: DocumentKey = { kind: spec.kind, activityId: null, agentIfi: null, registration: null };
	if (spec.params.includes('activityId')) {
		const id = p.get('activityId');
		if (!id) throw badRequest('activityId is required');
		if (!IRI.test(id)) throw badRequest('activityId: must be an IRI');
		key.activityId = id;
	}
	if (spec.params.includes('agent')) {
		const raw = p.get('agent');
		if (!raw) throw badRequest('agent is required');
		let parsed: unknown;
		try {
			parsed = JSON.parse(raw);
		} catch {
			throw badRequest('agent: must be an Agent as JSON');
		}
		key.agentIfi = ifiOf(actor(parsed, 'agent', req.version));
		if (!key.agentIfi) throw badRequest('agent: needs an identifier (mbox, mbox_sha1sum, openid or account)');
	}
	const registration = p.get('registration');
	if (registration !== null) {
		if (!UUID.test(registration)) throw badRequest('registration: must be a UUID');
		key.registration = registration.toLowerCase();
	}
	return key;
}

const unquote = (t: string) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');

/** 412 when If-Match / If-None-Match do not hold for the current document. */
function checkPreconditions(req: XapiRequest, current: { etag: string } | null, spec: Spec, method: string) {
	const ifMatch = req.header('if-match');
	const ifNoneMatch = req.header('if-none-match');
	if (ifMatch !== null) {
		const tags = ifMatch.split(',').map(unquote);
		if (!current || !(tags.includes('*') || tags.includes(current.etag))) throw new XapiError(412, 'If-Match does not match the current document');
	}
	if (ifNoneMatch !== null) {
		const tags = ifNoneMatch.split(',').map(unquote);
		if (current && (tags.includes('*') || tags.includes(current.etag))) throw new XapiError(412, 'If-None-Match: the document exists');
	}
	// 2.0.0 extends the concurrency rule to state documents for overwrites; creating one still needs no header.
	const guarded = spec.concurrency || (spec.kind === 'state' && req.version === '2.0');
	if (guarded && method === 'PUT' && ifMatch === null && ifNoneMatch === null) {
		if (current) throw new XapiError(409, 'the document exists: send If-Match with its ETag to change it');
		if (spec.concurrency) throw badRequest('PUT of a profile needs If-Match or If-None-Match: *');
	}
}

function isJson(contentType: string) {
	return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

function parseObject(bytes: Uint8Array, what: string): Record<string, unknown> {
	try {
		const v = JSON.parse(Buffer.from(bytes).toString('utf8'));
		if (v && typeof v === 'object' && !Array.isArray(v)) return v;
	} catch {
		/* below */
	}
	throw badRequest(`${what} must be a JSON object to be merged`);
}

/** Serialises writes to one document key (also when the document does not exist yet). */
async function lockKey(tx: DbOrTx, key: DocumentKey, id: string) {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${[key.kind, key.activityId, key.agentIfi, key.registration, id].join('\n')}, 0))`);
}

const docHeaders = (doc: { etag: string; updated: Date; contentType: string }) => ({
	'Content-Type': doc.contentType,
	ETag: `"${doc.etag}"`,
	'Last-Modified': doc.updated.toUTCString()
});

export async function documentResource(db: DbOrTx, req: XapiRequest, client: LrsClient): Promise<Reply> {
	const spec = SPECS[req.resource]!;
	requireScope(client, spec.kind === 'state' ? 'state' : 'profile');
	allowParams(req, spec.params);
	const key = keyOf(req, spec);
	const documentId = req.params.get(spec.idParam);
	const method = req.method === 'HEAD' ? 'GET' : req.method;

	if (method === 'GET') {
		if (documentId !== null) {
			if (req.params.has('since')) throw badRequest(`since cannot be combined with ${spec.idParam}`);
			const doc = await getDocument(db, key, documentId);
			if (!doc) throw new XapiError(404, `no document ${documentId}`);
			return { status: 200, body: doc.content, headers: docHeaders(doc) };
		}
		const since = req.params.get('since');
		const ids = await listDocumentIds(db, key, since === null ? undefined : timestamp(since, 'since'));
		return json(ids);
	}
	if (method === 'DELETE') {
		if (req.params.has('since')) throw badRequest('since is for GET only');
		if (documentId === null && spec.kind !== 'state') throw badRequest(`${spec.idParam} is required for DELETE`);
		await db.transaction(async (tx) => {
			if (documentId !== null) {
				await lockKey(tx, key, documentId);
				checkPreconditions(req, await getDocument(tx, key, documentId), spec, method);
			}
			await deleteDocuments(tx, key, documentId ?? undefined);
		});
		return { status: 204 };
	}
	if (method !== 'PUT' && method !== 'POST') throw badRequest(`${req.resource} does not answer ${req.method}`);
	if (req.params.has('since')) throw badRequest('since is for GET only');
	if (documentId === null) throw badRequest(`${spec.idParam} is required for ${method}`);
	const contentType = req.contentType || 'application/octet-stream';
	const etag = await db.transaction(async (tx) => {
		await lockKey(tx, key, documentId);
		const current = await getDocument(tx, key, documentId);
		checkPreconditions(req, current, spec, method);
		if (method === 'POST' && current) {
			// JSON merge (1.0.3 §2.3.2): both must be JSON objects; top-level keys of the new one win.
			if (!isJson(contentType) || !isJson(current.contentType)) throw badRequest('POST merges JSON documents only: both the stored and the new document must be application/json');
			const merged = { ...parseObject(current.content, 'the stored document'), ...parseObject(req.body, 'the new document') };
			return putDocument(tx, key, documentId, 'application/json', Buffer.from(JSON.stringify(merged)), client.id);
		}
		if (method === 'POST' && isJson(contentType)) parseObject(req.body, 'the document');
		return putDocument(tx, key, documentId, contentType, req.body, client.id);
	});
	return { status: 204, headers: { ETag: `"${etag}"` } };
}
