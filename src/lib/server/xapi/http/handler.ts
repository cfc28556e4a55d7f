/**
 * The LRS over HTTP: one entry point for every method and resource under /xapi, so CORS, the version
 * header, the alternate request syntax, authentication and error answers are handled the same way for
 * all of them. Resources themselves live in statements.ts and documents.ts.
 */
import type { DbOrTx } from '../../db';
import { authenticate, clientAuthority, requireScope } from '../clients';
import { XapiError, badRequest } from '../errors';
import { personOf } from '../ifi';
import { activityDefinition } from '../documents';
import { actor } from '../validate';
import { documentResource } from './documents';
import { allowParams, readRequest, type XapiRequest } from './request';
import { errorReply, json, preflight, toResponse, type Reply } from './response';
import { getStatements, postStatements, putStatement } from './statements';
import { log, errorFields } from '../../log';

export interface HandlerContext {
	db: DbOrTx;
	/** The platform's public origin, for the authority agents of clients. */
	origin: string;
}

const RESOURCES = ['statements', 'activities/state', 'activities/profile', 'agents/profile', 'agents', 'activities', 'about'];

export async function handleXapi(request: Request, url: URL, resource: string, ctx: HandlerContext): Promise<Response> {
	const origin = request.headers.get('origin');
	if (request.method === 'OPTIONS') return preflight(origin);
	const head = request.method === 'HEAD';
	let version: XapiRequest['version'] = '1.0';
	const started = new Date().toISOString();
	try {
		const req = await readRequest(request, url, resource);
		version = req.version;
		return withConsistency(toResponse(await dispatch(req, ctx), req.version, origin, head), resource, started);
	} catch (err) {
		if (err instanceof XapiError) return withConsistency(toResponse(errorReply(err), version, origin, head), resource, started);
		log.error('xapi request failed', { path: url.pathname, method: request.method, ...errorFields(err) });
		return toResponse({ status: 500, body: 'internal error', headers: { 'Content-Type': 'text/plain; charset=utf-8' } }, version, origin, head);
	}
}

/** Every statements response carries it, errors included (1.0.3 §2.1.3). */
function withConsistency(res: Response, resource: string, at: string): Response {
	if (resource === 'statements' && !res.headers.has('X-Experience-API-Consistent-Through')) res.headers.set('X-Experience-API-Consistent-Through', at);
	return res;
}

async function dispatch(req: XapiRequest, ctx: HandlerContext): Promise<Reply> {
	if (!RESOURCES.includes(req.resource)) throw new XapiError(404, `no resource /xapi/${req.resource}`);
	const method = req.method === 'HEAD' ? 'GET' : req.method;
	if (req.resource === 'about') {
		if (method !== 'GET') throw new XapiError(405, 'about answers GET only');
		allowParams(req, []);
		return json({ version: ['1.0.3', '2.0.0'], extensions: {} });
	}
	const client = await authenticate(ctx.db, req.header('authorization'));
	const authority = clientAuthority(client, ctx.origin);
	switch (req.resource) {
		case 'statements':
			if (method === 'PUT') return putStatement(ctx.db, req, client, authority);
			if (method === 'POST') return postStatements(ctx.db, req, client, authority);
			if (method === 'GET') return getStatements(ctx.db, req, client);
			throw badRequest(`statements do not answer ${req.method}`);
		case 'agents': {
			if (method !== 'GET') throw badRequest('agents answer GET only');
			requireScope(client, 'statements/read');
			allowParams(req, ['agent']);
			const raw = req.params.get('agent');
			if (!raw) throw badRequest('agent is required');
			let parsed: unknown;
			try {
				parsed = JSON.parse(raw);
			} catch {
				throw badRequest('agent: must be JSON');
			}
			return json(personOf(actor(parsed, 'agent', req.version)));
		}
		case 'activities': {
			if (method !== 'GET') throw badRequest('activities answer GET only');
			requireScope(client, 'statements/read');
			allowParams(req, ['activityId']);
			const id = req.params.get('activityId');
			if (!id) throw badRequest('activityId is required');
			if (!/^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(id)) throw badRequest('activityId: must be an IRI');
			const definition = await activityDefinition(ctx.db, id);
			return json({ objectType: 'Activity', id, ...(definition ? { definition } : {}) });
		}
		default:
			return documentResource(ctx.db, req, client);
	}
}
