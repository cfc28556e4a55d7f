// Bulk prefill for bench:xapi: the rows `recordStatements` would write (its own `prepareStatements` builds
// them: validation, stored form, derived columns, link rows), loaded with COPY instead of its INSERTs, so
// that a million statements take minutes rather than the better part of an hour on two cores. Only for an
// empty store of fresh, non-voiding statements (which is what the generator makes): the checks that need
// the database (resends, voiding) have nothing to find there. Activity definitions are written by one
// ordinary recordStatements batch first.
import type postgres from 'postgres';
import type { Db } from '../src/lib/server/db';
import { platformAuthority, prepareStatements, recordStatements } from '../src/lib/server/xapi/store';
import { makeStatement, ORIGIN } from './xapi-data';

const esc = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));

async function copy(sql: postgres.Sql, target: string, lines: string[]) {
	const stream = await sql.unsafe(`copy ${target} from stdin`).writable();
	for (let i = 0; i < lines.length; i += 1000) {
		if (!stream.write(lines.slice(i, i + 1000).join(''))) await new Promise((r) => stream.once('drain', r));
	}
	await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** Stores statements 0…total-1 of the generator, `stored` spread evenly from `start` over `span` ms. */
export async function prefillByCopy(db: Db, sql: postgres.Sql, total: number, start: number, span: number, log: (line: string) => void) {
	const authority = platformAuthority(ORIGIN);
	const at = (i: number) => new Date(start + Math.floor((i / total) * span));
	const first = Math.min(1000, total);
	await db.transaction((tx) => recordStatements(tx, Array.from({ length: first }, (_, k) => makeStatement(k, at(0))), authority, { now: at(0) }));
	const [{ sequence }] = (await sql`select coalesce(max(sequence), 0)::bigint as sequence from xapi_statements`) as unknown as [{ sequence: string }];
	let next = Number(sequence);
	const began = performance.now();
	const CHUNK = 20_000;
	for (let i = first; i < total; i += CHUNK) {
		const statements: string[] = [];
		const activities: string[] = [];
		const agents: string[] = [];
		for (let j = i; j < Math.min(i + CHUNK, total); j += 1000) {
			const now = at(j);
			const storedIso = now.toISOString();
			const batch = prepareStatements(
				Array.from({ length: Math.min(1000, total - j) }, (_, k) => makeStatement(j + k, now)),
				authority,
				{ now }
			);
			const sequenceOf = new Map<string, number>();
			for (const r of batch.rows) {
				sequenceOf.set(r.id, ++next);
				statements.push(
					`${next}\t${r.id}\t${esc(JSON.stringify(r.raw))}\t${storedIso}\t${esc(r.actor_ifi)}\t${esc(r.verb_id)}\t${esc(r.object_type)}\t${esc(r.object_id)}\t${esc(r.ref_target)}\t${esc(r.registration)}\t\\N\t\\N\tf\n`
				);
			}
			for (const l of batch.activityLinks) activities.push(`${sequenceOf.get(l.id)}\t${esc(l.v)}\t${l.p ? 't' : 'f'}\t${storedIso}\n`);
			for (const l of batch.agentLinks) agents.push(`${sequenceOf.get(l.id)}\t${esc(l.v)}\t${l.p ? 't' : 'f'}\t${storedIso}\n`);
		}
		await copy(
			sql,
			'xapi_statements (sequence, id, raw, stored, actor_ifi, verb_id, object_type, object_id, ref_target, registration, authority_client_id, organisation_id, voided)',
			statements
		);
		await copy(sql, 'xapi_statement_activities (statement_sequence, activity_id, "primary", stored)', activities);
		await copy(sql, 'xapi_statement_agents (statement_sequence, ifi, "primary", stored)', agents);
		const done = Math.min(i + CHUNK, total);
		if (Math.floor(done / 100_000) > Math.floor(i / 100_000)) log(`  prefill: ${done} statements (${Math.round((done - first) / ((performance.now() - began) / 1000))}/s)`);
	}
	// COPY wrote the identity column itself (as OVERRIDING SYSTEM VALUE does); the LRS continues after it.
	await sql`select setval(pg_get_serial_sequence('xapi_statements', 'sequence'), ${next})`;
}
