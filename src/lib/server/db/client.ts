import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema';

/**
 * One database type for both drivers. Every query in the app is written against this type once;
 * only `openDatabase` knows which driver sits underneath.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT & { type: any }, typeof schema>;
export type Tx = PgTransaction<
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	PgQueryResultHKT & { type: any },
	typeof schema,
	ExtractTablesWithRelations<typeof schema>
>;
/** Capabilities accept either: they join the caller's transaction when there is one. */
export type DbOrTx = Db | Tx;

export type DatabaseOptions =
	| { driver: 'postgres'; url: string; maxConnections?: number }
	| { driver: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export interface Database {
	db: Db;
	driver: 'postgres' | 'pglite';
	/** Human-readable location for messages (never includes a password). */
	location: string;
	close(): Promise<void>;
	/**
	 * LISTEN on a channel: `onMessage` gets each NOTIFY payload (from any process on the same database),
	 * `onListen` runs each time the listener is (re)connected — notifications sent while it was not are lost.
	 * Resolves to a function that stops listening.
	 */
	listen(channel: string, onMessage: (payload: string) => void, onListen: () => void): Promise<() => Promise<void>>;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	if (options.driver === 'postgres') {
		const { default: postgres } = await import('postgres');
		const client = postgres(options.url, {
			max: options.maxConnections ?? 10,
			onnotice: () => {},
			// timestamptz as JS Date via drizzle; keep bigint ids as numbers-in-strings handled by drizzle.
			connection: { application_name: 'lernbruecke' }
		});
		const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Db;
		return {
			db,
			driver: 'postgres',
			location: redactUrl(options.url),
			close: () => client.end({ timeout: 5 }),
			async listen(channel, onMessage, onListen) {
				// postgres.js listens on a connection of its own and reconnects (and calls onListen again) by itself.
				const { unlisten } = await client.listen(channel, onMessage, onListen);
				return unlisten;
			}
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const client = options.loadDataDir
		? await PGlite.create({ loadDataDir: options.loadDataDir })
		: await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
	const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
	return {
		db,
		driver: 'pglite',
		location: options.dataDir ?? 'memory',
		close: () => client.close(),
		async listen(channel, onMessage, onListen) {
			const unlisten = await client.listen(channel, onMessage);
			onListen();
			return () => unlisten();
		}
	};
}

export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return 'postgres://(unparseable url)';
	}
}
