import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from './client';

/**
 * Raw SQL for the few queries the query builder cannot express. postgres.js returns the rows as an array,
 * PGlite wraps them in `{ rows }`; this is the one place that knows.
 */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown;
	if (Array.isArray(result)) return result as T[];
	return ((result as { rows?: T[] }).rows ?? []) as T[];
}

interface DrizzleInternals {
	dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
	session: { client?: { unsafe?: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<unknown> } };
}

/**
 * `queryRows` as a named prepared statement on PostgreSQL, for the few hot queries whose SQL text never
 * changes (only their parameters do). drizzle sends every query unnamed, and postgres.js then asks the
 * server for the parameter types before it can bind them: two round trips, and a parse and plan per call.
 * A prepared statement is parsed once per connection and answers in one round trip. Never use it for SQL
 * whose text varies (an IN list of varying length): each text would stay prepared on every connection.
 * PGlite runs it as an ordinary query.
 */
export async function queryRowsPrepared<T>(db: DbOrTx, query: SQL): Promise<T[]> {
	const internals = db as unknown as DrizzleInternals;
	const unsafe = internals.session?.client?.unsafe;
	if (typeof unsafe !== 'function') return queryRows<T>(db, query);
	const { sql, params } = internals.dialect.sqlToQuery(query);
	return (await unsafe.call(internals.session.client, sql, params, { prepare: true })) as T[];
}
