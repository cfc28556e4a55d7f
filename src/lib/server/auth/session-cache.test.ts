import { describe, expect, it } from 'vitest';
import { SESSION_CACHE_TTL_MS, SessionCache } from './session-cache';

function cacheAt() {
	let t = 1_000_000;
	const cache = new SessionCache<string>(() => t);
	return { cache, advance: (ms: number) => void (t += ms) };
}

describe('SessionCache', () => {
	it('does not store what a lookup read before an invalidation arrived', () => {
		const { cache } = cacheAt();
		cache.alive();
		const ticket = cache.ticket();
		cache.forgetUser('someone-else'); // any invalidation while the query was under way
		cache.set('s1', 'u1', 'stale', ticket);
		expect(cache.get('s1')).toBeUndefined();
		cache.set('s1', 'u1', 'fresh', cache.ticket());
		expect(cache.get('s1')).toBe('fresh');
	});

	it('drops every session of a user it is told about, and only theirs', () => {
		const { cache } = cacheAt();
		cache.alive();
		for (const [s, u] of [['s1', 'u1'], ['s2', 'u1'], ['s3', 'u2']]) cache.set(s!, u!, s!, cache.ticket());
		cache.forgetUser('u1');
		expect([cache.get('s1'), cache.get('s2'), cache.get('s3')]).toEqual([undefined, undefined, 's3']);
	});

	it('serves nothing once the listener has not confirmed it is alive for a few seconds', () => {
		const { cache, advance } = cacheAt();
		cache.set('s0', 'u0', 'never', cache.ticket());
		expect(cache.get('s0')).toBeUndefined(); // not listening yet: nothing is stored
		cache.alive();
		cache.set('s1', 'u1', 'v', cache.ticket());
		advance(4_000);
		expect(cache.get('s1')).toBe('v');
		advance(2_000); // no ping came back: notifications may be getting lost
		expect(cache.get('s1')).toBeUndefined();
	});

	it('forgets an entry after its time to live even while alive', () => {
		const { cache, advance } = cacheAt();
		cache.alive();
		cache.set('s1', 'u1', 'v', cache.ticket());
		for (let t = 0; t < SESSION_CACHE_TTL_MS; t += 4_000) {
			advance(4_000);
			cache.alive();
		}
		expect(cache.get('s1')).toBeUndefined();
	});
});
