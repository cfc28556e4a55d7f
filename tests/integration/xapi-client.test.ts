/**
 * The LRS as an external xAPI client sees it: @xapi/xapi (with its default HTTP adapter) against the LRS
 * handler served over real HTTP on a loopback port, on the test database of the current driver.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XAPI, { type Agent, type Statement, type StatementsResponse } from '@xapi/xapi';
import { useTestDatabase } from '../setup/db';
import { getDb } from '../../src/lib/server/db';
import { createClient } from '../../src/lib/server/xapi/clients';
import { handleXapi } from '../../src/lib/server/xapi/http/handler';

useTestDatabase();
let server: http.Server;
let xapi: XAPI;
let base = '';

beforeAll(async () => {
	server = http.createServer(async (req, res) => {
		const url = new URL(req.url!, base);
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const headers = new Headers();
		for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
		const hasBody = !['GET', 'HEAD'].includes(req.method!);
		const request = new Request(url, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
		const resource = url.pathname.replace(/^\/xapi\//, '').replace(/\/$/, '');
		const response = await handleXapi(request, url, resource, { db: getDb(), origin: base });
		res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
		res.end(Buffer.from(await response.arrayBuffer()));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const { key, secret } = await createClient(getDb(), { name: 'black-box', scopes: ['all'] });
	xapi = new XAPI({ endpoint: `${base}/xapi/`, auth: XAPI.toBasicAuth(key, secret), version: '1.0.3' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ORIGIN = 'https://lb.example';
const learner = (): Agent => ({ objectType: 'Agent', account: { homePage: ORIGIN, name: crypto.randomUUID() } });
const COURSE = `${ORIGIN}/xapi/activities/course/black-box`;
const lesson = (n: number) => `${ORIGIN}/xapi/activities/lesson/black-box-${n}`;
const statement = (actor: Agent, verb: typeof XAPI.Verbs.COMPLETED, n: number, registration: string): Statement => ({
	id: crypto.randomUUID(),
	actor,
	verb,
	object: { objectType: 'Activity', id: lesson(n), definition: { name: { 'de-DE': `Lektion ${n}` } } },
	context: { registration, contextActivities: { grouping: [{ id: COURSE }] } },
	timestamp: new Date().toISOString()
});

describe('the LRS through @xapi/xapi', () => {
	it('answers about with both versions', async () => {
		const { data } = await xapi.getAbout();
		expect(data.version).toEqual(expect.arrayContaining(['1.0.3', '2.0.0']));
	});

	it('stores a batch, returns each statement with stored and authority, and finds it by every common filter', async () => {
		const alice = learner();
		const registration = crypto.randomUUID();
		const before = new Date(Date.now() - 1000).toISOString();
		const sent = [
			statement(alice, XAPI.Verbs.INITIALIZED, 1, registration),
			statement(alice, XAPI.Verbs.PROGRESSED, 1, registration),
			statement(alice, XAPI.Verbs.COMPLETED, 2, registration),
			statement(learner(), XAPI.Verbs.COMPLETED, 2, crypto.randomUUID())
		];
		const { data: ids } = await xapi.sendStatements({ statements: sent });
		expect(ids).toEqual(sent.map((s) => s.id));

		const { data: one } = await xapi.getStatement({ statementId: sent[2]!.id! });
		expect(one.verb.id).toBe(XAPI.Verbs.COMPLETED.id);
		expect(one.stored).toBeTruthy();
		expect(JSON.stringify(one.authority)).toContain('black-box');

		const idsOf = (r: { data: { statements: Statement[] } }) => r.data.statements.map((s) => s.id).sort();
		expect(idsOf(await xapi.getStatements({ agent: alice, verb: XAPI.Verbs.COMPLETED.id }))).toEqual([sent[2]!.id]);
		expect(idsOf(await xapi.getStatements({ registration }))).toEqual([sent[0]!.id, sent[1]!.id, sent[2]!.id].sort());
		expect(idsOf(await xapi.getStatements({ activity: lesson(2) }))).toEqual([sent[2]!.id, sent[3]!.id].sort());
		expect(idsOf(await xapi.getStatements({ activity: COURSE }))).toEqual([]);
		expect(idsOf(await xapi.getStatements({ activity: COURSE, related_activities: true, since: before }))).toEqual(sent.map((s) => s.id!).sort());

		// Paging with `more`, newest first, until nothing is left.
		const page1 = await xapi.getStatements({ activity: COURSE, related_activities: true, since: before, limit: 3 });
		expect(page1.data.statements.map((s) => s.id)).toEqual([...sent].reverse().slice(0, 3).map((s) => s.id));
		expect(page1.data.more).toBeTruthy();
		const page2 = (await xapi.getMoreStatements({ more: page1.data.more! })).data as StatementsResponse;
		expect(page2.statements.map((s) => s.id)).toEqual([sent[0]!.id]);
		expect(page2.more ?? '').toBe('');

		const { data: person } = await xapi.getAgent({ agent: alice });
		expect(person.objectType).toBe('Person');
		const { data: activity } = await xapi.getActivity({ activityId: lesson(2) });
		expect(activity.definition?.name).toEqual({ 'de-DE': 'Lektion 2' });
	});

	it('voids a statement: it leaves the queries and is found only as voided', async () => {
		const bob = learner();
		const registration = crypto.randomUUID();
		const s = statement(bob, XAPI.Verbs.PASSED, 3, registration);
		await xapi.sendStatement({ statement: s });
		await xapi.voidStatement({ actor: { objectType: 'Agent', mbox: 'mailto:admin@lb.example' }, statementId: s.id! });

		await expect(xapi.getStatement({ statementId: s.id! })).rejects.toMatchObject({ response: { status: 404 } });
		const { data: voided } = await xapi.getVoidedStatement({ voidedStatementId: s.id! });
		expect(voided.id).toBe(s.id);
		const { data: list } = await xapi.getStatements({ registration });
		expect(list.statements).toEqual([]);
		const { data: voiding } = await xapi.getStatements({ verb: XAPI.Verbs.VOIDED.id, agent: { objectType: 'Agent', mbox: 'mailto:admin@lb.example' } });
		expect(voiding.statements.some((v) => (v.object as { id: string }).id === s.id)).toBe(true);
	});

	it('keeps state documents: put, merge by post, list, concurrency by ETag, delete', async () => {
		const agent = learner();
		const activityId = COURSE;
		const registration = crypto.randomUUID();
		const where = { agent, activityId, registration };
		await xapi.setState({ ...where, stateId: 'resume', state: { lesson: 2, position: 10 } });
		await xapi.createState({ ...where, stateId: 'resume', state: { position: 42, seen: [1, 2] } });
		const got = await xapi.getState({ ...where, stateId: 'resume' });
		expect(got.data).toEqual({ lesson: 2, position: 42, seen: [1, 2] });
		const etag = got.headers.etag as string;
		expect(etag).toMatch(/^"[0-9a-f]{40}"$/);

		await xapi.setState({ ...where, stateId: 'notes', state: 'plain text note', contentType: 'text/plain' });
		const { data: ids } = await xapi.getStates({ ...where });
		expect([...ids].sort()).toEqual(['notes', 'resume']);

		// A write against a stale ETag is refused (412); against the current one it succeeds.
		await xapi.setState({ ...where, stateId: 'resume', state: { lesson: 3 }, etag, matchHeader: 'If-Match' });
		await expect(xapi.setState({ ...where, stateId: 'resume', state: { lesson: 4 }, etag, matchHeader: 'If-Match' })).rejects.toMatchObject({ response: { status: 412 } });
		expect((await xapi.getState({ ...where, stateId: 'resume' })).data).toEqual({ lesson: 3 });

		await xapi.deleteState({ ...where, stateId: 'notes' });
		expect((await xapi.getStates({ ...where })).data).toEqual(['resume']);
		await xapi.deleteStates({ ...where });
		expect((await xapi.getStates({ ...where })).data).toEqual([]);
	});

	it('refuses bad credentials and invalid statements with the spec’s status codes', async () => {
		const stranger = new XAPI({ endpoint: `${base}/xapi/`, auth: XAPI.toBasicAuth('nobody', 'wrong'), version: '1.0.3' });
		await expect(stranger.getStatements({})).rejects.toMatchObject({ response: { status: 401 } });
		const bad = { ...statement(learner(), XAPI.Verbs.COMPLETED, 1, crypto.randomUUID()), verb: { id: 'not an iri' } } as Statement;
		await expect(xapi.sendStatements({ statements: [statement(learner(), XAPI.Verbs.COMPLETED, 1, crypto.randomUUID()), bad] })).rejects.toMatchObject({ response: { status: 400 } });
	});
});
