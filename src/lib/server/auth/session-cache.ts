import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db';

/**
 * Validated sessions kept in memory for a while, so most requests skip the session query. Correct with several
 * app processes on one database: triggers (migration 0017) send a NOTIFY on this channel with the user's id
 * whenever one of their sessions is deleted (logout, "log out everywhere", password change or reset,
 * deactivation), their user row changes (name, e-mail, locale, organisation, deactivation) or one of their
 * roles changes — whichever process or script made the change — and every process drops that user's entries.
 *
 * What remains is the time a notification takes to arrive (a round trip to the database). A lost
 * notification (the listening connection dropped) must not leave an entry alive: each process sends itself a
 * ping through the same channel every few seconds, and entries are used only while the last ping came back
 * within PING_GRACE_MS; on reconnect the cache starts empty. Expiry and the sliding renewal are still checked on
 * every request.
 */
export const SESSION_CHANNEL = 'lb_session_change';
export const SESSION_CACHE_TTL_MS = 60_000;
const PING_MS = 2_000;
const PING_GRACE_MS = 5_000;
const MAX_ENTRIES = 50_000;
const PING_PREFIX = 'ping:';

interface Entry<T> {
	value: T;
	userId: string;
	at: number;
}

export class SessionCache<T> {
	private entries = new Map<string, Entry<T>>();
	private byUser = new Map<string, Set<string>>();
	/** Bumped by every invalidation: a lookup that started before one must not store what it read. */
	private generation = 0;
	private aliveAt = Number.NEGATIVE_INFINITY;

	constructor(private now: () => number = () => performance.now()) {}

	get live(): boolean {
		return this.now() - this.aliveAt < PING_GRACE_MS;
	}

	/** The listener has shown it receives notifications (a ping came back, or it has just connected). */
	alive(): void {
		this.aliveAt = this.now();
	}

	/** The listener is gone (or was reconnected and may have missed notifications). */
	dead(): void {
		this.aliveAt = Number.NEGATIVE_INFINITY;
		this.clear();
	}

	get(sessionId: string): T | undefined {
		const entry = this.entries.get(sessionId);
		if (!entry) return undefined;
		if (!this.live || this.now() - entry.at >= SESSION_CACHE_TTL_MS) {
			this.delete(sessionId, entry.userId);
			return undefined;
		}
		return entry.value;
	}

	/** A token for `set`: what a lookup read is stored only if nothing was invalidated in between. */
	ticket(): number {
		return this.generation;
	}

	set(sessionId: string, userId: string, value: T, ticket: number): void {
		if (ticket !== this.generation || !this.live) return;
		if (this.entries.size >= MAX_ENTRIES) this.clear();
		this.entries.set(sessionId, { value, userId, at: this.now() });
		let ids = this.byUser.get(userId);
		if (!ids) this.byUser.set(userId, (ids = new Set()));
		ids.add(sessionId);
	}

	forgetUser(userId: string): void {
		this.generation++;
		for (const id of this.byUser.get(userId) ?? []) this.entries.delete(id);
		this.byUser.delete(userId);
	}

	clear(): void {
		this.generation++;
		this.entries.clear();
		this.byUser.clear();
	}

	get size(): number {
		return this.entries.size;
	}

	private delete(sessionId: string, userId: string) {
		this.entries.delete(sessionId);
		const ids = this.byUser.get(userId);
		ids?.delete(sessionId);
		if (ids && !ids.size) this.byUser.delete(userId);
	}
}

// One cache per database handle (the app has one; tests open several, each standing for an app process).
const caches = new WeakMap<object, SessionCache<unknown>>();

export function sessionCacheOf<T>(db: DbOrTx): SessionCache<T> | undefined {
	return caches.get(db) as SessionCache<T> | undefined;
}

/**
 * Starts the cache for this database handle: listens for the invalidation notices and pings itself. Returns a
 * function that stops both and drops the cache. Until the listener is connected nothing is cached.
 */
export async function startSessionCache(database: Database, options: { pingMs?: number } = {}): Promise<() => Promise<void>> {
	const cache = new SessionCache<unknown>();
	caches.set(database.db, cache);
	// A ping carries a random tag, so that another process's ping does not vouch for this listener.
	const tag = PING_PREFIX + crypto.randomUUID();
	const unlisten = await database.listen(
		SESSION_CHANNEL,
		(payload) => {
			if (payload === tag) cache.alive();
			else if (!payload.startsWith(PING_PREFIX)) cache.forgetUser(payload);
		},
		() => {
			cache.clear();
			cache.alive();
		}
	);
	const ping = () => database.db.execute(sql`select pg_notify(${SESSION_CHANNEL}, ${tag})`).catch(() => cache.dead());
	const timer = setInterval(ping, options.pingMs ?? PING_MS);
	timer.unref();
	return async () => {
		clearInterval(timer);
		caches.delete(database.db);
		cache.dead();
		await unlisten();
	};
}
