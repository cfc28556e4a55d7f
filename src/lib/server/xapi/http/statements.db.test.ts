import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/setup/db';
import { lrsClient } from './test-client';

useTestDatabase();

const verb = 'http://adlnet.gov/expapi/verbs/experienced';
const mbox = () => `mailto:${crypto.randomUUID()}@example.org`;
const st = (over: Record<string, unknown> = {}) => ({ actor: { mbox: mbox() }, verb: { id: verb }, object: { id: 'http://example.org/a' }, ...over });

describe('statements resource', () => {
	it('stores a PUT statement and returns it with stored, authority and version; HEAD has no body', async () => {
		const { call, key } = await lrsClient();
		const id = crypto.randomUUID();
		const put = await call('statements', { method: 'PUT', query: { statementId: id }, body: st() });
		expect(put.status).toBe(204);
		expect(put.headers.get('X-Experience-API-Version')).toBe('1.0.3');
		const got = await call('statements', { query: { statementId: id } });
		expect(got.status).toBe(200);
		expect(got.json).toMatchObject({ id, version: '1.0.0', authority: { account: { name: key } } });
		expect(got.headers.get('X-Experience-API-Consistent-Through')).toMatch(/Z$/);
		const head = await call('statements', { method: 'HEAD', query: { statementId: id } });
		expect(head.status).toBe(200);
		expect(head.text).toBe('');
	});

	it('answers 2.0.0 requests with the 2.0.0 header and accepts 2.0 context agents', async () => {
		const { call } = await lrsClient();
		const res = await call('statements', { method: 'POST', version: '2.0.0', body: st({ context: { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: mbox() } }] } }) });
		expect(res.status).toBe(200);
		expect(res.headers.get('X-Experience-API-Version')).toBe('2.0.0');
	});

	it('refuses requests without version (400), without credentials (401), without scope (403)', async () => {
		const { call } = await lrsClient(['statements/read']);
		expect((await call('statements', { version: null })).status).toBe(400);
		const noAuth = await call('statements', { auth: null });
		expect(noAuth.status).toBe(401);
		expect(noAuth.headers.get('WWW-Authenticate')).toContain('Basic');
		expect((await call('statements', { auth: `Basic ${Buffer.from('nobody:wrong').toString('base64')}` })).status).toBe(401);
		expect((await call('statements', { method: 'POST', body: st() })).status).toBe(403);
		expect((await call('about', { version: null, auth: null })).json).toEqual({ version: ['1.0.3', '2.0.0'], extensions: {} });
	});

	it('writes nothing of a batch with one bad statement and names the path', async () => {
		const { call } = await lrsClient();
		const good = { ...st(), id: crypto.randomUUID() };
		const res = await call('statements', { method: 'POST', body: [good, st({ actor: { mbox: 'x@y' } })] });
		expect(res.status).toBe(400);
		expect(res.text).toBe('statement[1].actor.mbox: must be a mailto IRI (mailto:name@host)');
		expect((await call('statements', { query: { statementId: good.id } })).status).toBe(404);
	});

	it('answers 409 for a different statement under a known id and 400 for unknown parameters', async () => {
		const { call } = await lrsClient();
		const s = { ...st(), id: crypto.randomUUID() };
		expect((await call('statements', { method: 'POST', body: s })).status).toBe(200);
		expect((await call('statements', { method: 'POST', body: s })).status).toBe(200);
		expect((await call('statements', { method: 'PUT', query: { statementId: s.id }, body: { ...s, verb: { id: 'http://x.org/v' } } })).status).toBe(409);
		expect((await call('statements', { query: { foo: 'bar' } })).status).toBe(400);
	});

	it('pages with more links across inserts, newest first, and ascending', async () => {
		const { call } = await lrsClient();
		const actor = { mbox: mbox() };
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push((await call('statements', { method: 'POST', body: st({ actor }) })).json[0]);
		const agent = JSON.stringify(actor);
		const first = await call('statements', { query: { agent, limit: '2' } });
		expect(first.json.statements.map((s: { id: string }) => s.id)).toEqual([ids[4], ids[3]]);
		expect(first.json.more).toMatch(/^\/xapi\/statements\?/);
		// A statement stored between two page requests never shifts the pages.
		await call('statements', { method: 'POST', body: st({ actor }) });
		const second = await call('statements', { query: first.json.more.split('?')[1] });
		expect(second.json.statements.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
		const third = await call('statements', { query: second.json.more.split('?')[1] });
		expect(third.json.statements.map((s: { id: string }) => s.id)).toEqual([ids[0]]);
		expect(third.json.more).toBe('');
		const asc = await call('statements', { query: { agent, ascending: 'true', limit: '3' } });
		expect(asc.json.statements.map((s: { id: string }) => s.id)).toEqual(ids.slice(0, 3));
	});

	it('hides voided statements from queries, returns them by voidedStatementId, and matches the voiding statement by the target', async () => {
		const { call } = await lrsClient();
		const activity = `http://example.org/void/${crypto.randomUUID()}`;
		const target = (await call('statements', { method: 'POST', body: st({ object: { id: activity } }) })).json[0];
		const voiding = (await call('statements', { method: 'POST', body: st({ verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target } }) })).json[0];
		expect((await call('statements', { query: { statementId: target } })).status).toBe(404);
		expect((await call('statements', { query: { voidedStatementId: target } })).json.id).toBe(target);
		const byActivity = await call('statements', { query: { activity } });
		expect(byActivity.json.statements.map((s: { id: string }) => s.id)).toEqual([voiding]);
		// Every filter applies to the target: its verb matches, the voiding statement's own verb does not.
		const byVerb = await call('statements', { query: { verb, activity } });
		expect(byVerb.json.statements.map((s: { id: string }) => s.id)).toEqual([voiding]);
		const byVoided = await call('statements', { query: { verb: 'http://adlnet.gov/expapi/verbs/voided', activity } });
		expect(byVoided.json.statements).toEqual([]);
	});

	it('returns context activities as arrays even when sent as one object', async () => {
		const { call } = await lrsClient();
		const id = (await call('statements', { method: 'POST', body: st({ context: { contextActivities: { parent: { id: 'http://example.org/p' } } } }) })).json[0];
		expect((await call('statements', { query: { statementId: id } })).json.context.contextActivities).toEqual({ parent: [{ id: 'http://example.org/p' }] });
	});

	it('follows StatementRefs for filters', async () => {
		const { call } = await lrsClient();
		const activity = `http://example.org/ref/${crypto.randomUUID()}`;
		const target = (await call('statements', { method: 'POST', body: st({ object: { id: activity } }) })).json[0];
		const ref = (await call('statements', { method: 'POST', body: st({ verb: { id: 'http://example.org/liked' }, object: { objectType: 'StatementRef', id: target } }) })).json[0];
		const res = await call('statements', { query: { activity } });
		expect(res.json.statements.map((s: { id: string }) => s.id)).toEqual([ref, target]);
	});

	it('returns ids and canonical formats', async () => {
		const { call } = await lrsClient();
		const activity = `http://example.org/fmt/${crypto.randomUUID()}`;
		const id = (await call('statements', { method: 'POST', body: st({ actor: { mbox: mbox(), name: 'Ann' }, object: { id: activity, definition: { name: { de: 'Eins', en: 'One' } } } }) })).json[0];
		const ids = await call('statements', { query: { statementId: id, format: 'ids' } });
		expect(ids.json.actor.name).toBeUndefined();
		expect(ids.json.object).toEqual({ id: activity });
		const canonical = await call('statements', { query: { statementId: id, format: 'canonical' }, headers: { 'Accept-Language': 'en-US, de;q=0.5' } });
		expect(canonical.json.object.definition.name).toEqual({ en: 'One' });
	});

	it('takes attachments as multipart/mixed, checks their SHA-2 and returns them', async () => {
		const { call } = await lrsClient();
		const content = Buffer.from('hello attachment');
		const sha2 = createHash('sha256').update(content).digest('hex');
		const statement = st({ attachments: [{ usageType: 'http://example.org/usage', display: { en: 'a' }, contentType: 'text/plain', length: content.length, sha2 }] });
		const body = (hash: string) =>
			`--b\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(statement)}\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${hash}\r\n\r\n${content}\r\n--b--`;
		const headers = { 'Content-Type': 'multipart/mixed; boundary=b' };
		const bad = await call('statements', { method: 'POST', raw: body(sha2.replace(/^./, sha2[0] === 'a' ? 'b' : 'a')), headers });
		expect(bad.status).toBe(400);
		expect((await call('statements', { method: 'POST', body: statement })).status).toBe(400);
		const ok = await call('statements', { method: 'POST', raw: body(sha2), headers });
		expect(ok.status).toBe(200);
		const got = await call('statements', { query: { statementId: ok.json[0], attachments: 'true' } });
		expect(got.headers.get('Content-Type')).toMatch(/^multipart\/mixed; boundary=/);
		expect(got.text).toContain(`X-Experience-API-Hash: ${sha2}`);
		expect(got.text).toContain('hello attachment');
	});

	it('accepts the 1.0.3 alternate request syntax', async () => {
		const { call, auth } = await lrsClient();
		const id = crypto.randomUUID();
		const form = new URLSearchParams({ statementId: id, content: JSON.stringify(st()), Authorization: auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' });
		const put = await call('statements', { method: 'POST', query: { method: 'PUT' }, raw: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, auth: null, version: null });
		expect(put.status).toBe(204);
		const get = await call('statements', { method: 'POST', query: { method: 'GET' }, raw: new URLSearchParams({ statementId: id, Authorization: auth, 'X-Experience-API-Version': '1.0.3' }).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, auth: null, version: null });
		expect(get.json.id).toBe(id);
		expect((await call('statements', { method: 'POST', query: { method: 'PUT', statementId: id }, raw: '', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(400);
	});

	it('lets statements/read/mine read only what the same client wrote', async () => {
		const writer = await lrsClient(['statements/write', 'statements/read/mine']);
		const other = await lrsClient(['statements/write', 'statements/read/mine']);
		const id = (await writer.call('statements', { method: 'POST', body: st() })).json[0];
		expect((await writer.call('statements', { query: { statementId: id } })).status).toBe(200);
		expect((await other.call('statements', { query: { statementId: id } })).status).toBe(404);
	});
});
