import type { DbOrTx } from './client';

const byHandle = new WeakMap<DbOrTx, Map<string, unknown>>();

/**
 * Drizzle builds a query's SQL text anew on every call, which costs about as much CPU as running a small
 * query on PGlite. The queries every page runs (session, course and enrolment, a lesson's attempts) are
 * built once per database handle and then only executed with their placeholders filled in.
 */
export function prepared<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
	let queries = byHandle.get(db);
	if (!queries) byHandle.set(db, (queries = new Map()));
	let query = queries.get(name) as T | undefined;
	if (query === undefined) queries.set(name, (query = build(db)));
	return query;
}
