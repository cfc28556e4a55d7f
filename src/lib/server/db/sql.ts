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
