import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../../tests/setup/db';
import { lrsClient } from './test-client';

useTestDatabase();

const agent = () => JSON.stringify({ objectType: 'Agent', mbox: `mailto:${crypto.randomUUID()}@example.org` });
const activityId = () => `http://example.org/act/${crypto.randomUUID()}`;

describe('document resources', () => {
	it('stores state as bytes with its content type, lists ids with since, and deletes', async () => {
		const { call } = await lrsClient();
		const key = { activityId: activityId(), agent: agent() };
		const put = await call('activities/state', { method: 'PUT', query: { ...key, stateId: 'bookmark' }, raw: 'page-7', headers: { 'Content-Type': 'text/plain' } });
		expect(put.status).toBe(204);
		const got = await call('activities/state', { query: { ...key, stateId: 'bookmark' } });
		expect(got.text).toBe('page-7');
		expect(got.headers.get('Content-Type')).toBe('text/plain');
		expect(got.headers.get('ETag')).toMatch(/^"[0-9a-f]{40}"$/);
		expect((await call('activities/state', { query: key })).json).toEqual(['bookmark']);
		expect((await call('activities/state', { query: { ...key, since: new Date(Date.now() + 60_000).toISOString() } })).json).toEqual([]);
		expect((await call('activities/state', { method: 'DELETE', query: key })).status).toBe(204);
		expect((await call('activities/state', { query: { ...key, stateId: 'bookmark' } })).status).toBe(404);
	});

	it('under 2.0.0 refuses to overwrite existing state without a precondition (409), under 1.0.3 it does not', async () => {
		const { call } = await lrsClient();
		const q = { activityId: activityId(), agent: agent(), stateId: 'resume' };
		const put = (version: string, headers: Record<string, string> = {}) =>
			call('activities/state', { method: 'PUT', query: q, raw: 'x', version, headers: { 'Content-Type': 'text/plain', ...headers } });
		expect((await put('2.0.0')).status).toBe(204);
		expect((await put('2.0.0')).status).toBe(409);
		expect((await put('1.0.3')).status).toBe(204);
		expect((await put('2.0.0', { 'If-Match': '*' })).status).toBe(204);
	});

	it('merges JSON on POST and refuses to merge non-JSON', async () => {
		const { call } = await lrsClient();
		const q = { activityId: activityId(), agent: agent(), stateId: 's', registration: crypto.randomUUID() };
		await call('activities/state', { method: 'POST', query: q, body: { a: 1, b: { x: 1 } } });
		await call('activities/state', { method: 'POST', query: q, body: { b: 2, c: 3 } });
		expect((await call('activities/state', { query: q })).json).toEqual({ a: 1, b: 2, c: 3 });
		const other = { ...q, registration: crypto.randomUUID() };
		expect((await call('activities/state', { query: other })).status).toBe(404);
		await call('activities/state', { method: 'PUT', query: other, raw: 'text', headers: { 'Content-Type': 'text/plain' } });
		expect((await call('activities/state', { method: 'POST', query: other, body: { a: 1 } })).status).toBe(400);
	});

	it('applies ETag preconditions to profiles: 409 without them on an existing one, 412 when they fail', async () => {
		const { call } = await lrsClient();
		const q = { activityId: activityId(), profileId: 'p' };
		expect((await call('activities/profile', { method: 'PUT', query: q, body: { v: 1 } })).status).toBe(400);
		const first = await call('activities/profile', { method: 'PUT', query: q, body: { v: 1 }, headers: { 'If-None-Match': '*' } });
		expect(first.status).toBe(204);
		const etag = first.headers.get('ETag')!;
		expect((await call('activities/profile', { method: 'PUT', query: q, body: { v: 2 } })).status).toBe(409);
		expect((await call('activities/profile', { method: 'PUT', query: q, body: { v: 2 }, headers: { 'If-None-Match': '*' } })).status).toBe(412);
		expect((await call('activities/profile', { method: 'PUT', query: q, body: { v: 2 }, headers: { 'If-Match': '"0000000000000000000000000000000000000000"' } })).status).toBe(412);
		const ok = await call('activities/profile', { method: 'PUT', query: q, body: { v: 2 }, headers: { 'If-Match': etag } });
		expect(ok.status).toBe(204);
		// The old ETag lost: a second writer holding it is refused.
		expect((await call('activities/profile', { method: 'PUT', query: q, body: { v: 3 }, headers: { 'If-Match': etag } })).status).toBe(412);
		expect((await call('activities/profile', { query: q })).json).toEqual({ v: 2 });
	});

	it('keeps agent profiles per agent and answers agents and activities', async () => {
		const { call } = await lrsClient();
		const a = agent();
		await call('agents/profile', { method: 'PUT', query: { agent: a, profileId: 'prefs' }, body: { lang: 'de' }, headers: { 'If-None-Match': '*' } });
		expect((await call('agents/profile', { query: { agent: a } })).json).toEqual(['prefs']);
		expect((await call('agents/profile', { query: { agent: agent() } })).json).toEqual([]);
		const person = await call('agents', { query: { agent: a } });
		expect(person.json).toEqual({ objectType: 'Person', mbox: [JSON.parse(a).mbox] });
		const id = activityId();
		await call('statements', { method: 'POST', body: { actor: JSON.parse(a), verb: { id: 'http://x.org/v' }, object: { id, definition: { name: { de: 'Eins' } } } } });
		expect((await call('activities', { query: { activityId: id } })).json).toEqual({ objectType: 'Activity', id, definition: { name: { de: 'Eins' } } });
		expect((await call('activities/state', { query: { activityId: id } })).status).toBe(400);
	});
});
