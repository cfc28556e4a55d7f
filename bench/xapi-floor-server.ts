// The write floor for `npm run bench:xapi` (#3): what a batch POST costs without the LRS around it. A bare
// node:http server that reads the body, parses it and writes each statement as one (id, raw) row, in one
// transaction per request, over the same postgres.js and the same one-parameter jsonb_to_recordset insert the
// LRS uses, into a table with nothing but a primary key (COPY's table in part a). With FLOOR_PREPARE=1 it first
// runs the LRS's own validation and row building (prepareStatements) and stores that stored form, still as one
// row. No SvelteKit, no credentials, no link rows, no indexes for the filters: no LRS can be cheaper than this
// on the same machine, so its ratio to COPY bounds what the real one can reach.
import http from 'node:http';
import postgres from 'postgres';
import { platformAuthority, prepareStatements } from '../src/lib/server/xapi/store';

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
const TABLE = process.env.FLOOR_TABLE ?? 'bench_floor';
const PREPARE = process.env.FLOOR_PREPARE === '1';
const authority = platformAuthority(process.env.ORIGIN ?? 'http://localhost');
// Empty at the start of every run, as COPY's table is.
await sql.unsafe(`drop table if exists ${TABLE}`);
await sql.unsafe(`create table ${TABLE} (id uuid primary key, raw jsonb not null)`);

type Json = Record<string, unknown>;
const server = http.createServer((req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', async () => {
		try {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json | Json[];
			const list = Array.isArray(body) ? body : [body];
			const rows = PREPARE
				? prepareStatements(list, authority).rows.map((r) => ({ id: r.id, raw: r.raw }))
				: list.map((s) => ({ id: (s.id as string | undefined) ?? crypto.randomUUID(), raw: s }));
			await sql.begin(
				(tx) => tx`insert into ${tx(TABLE)} (id, raw) select x.id, x.raw from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as x(id uuid, raw jsonb)`
			);
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows.map((r) => r.id)));
		} catch (e) {
			res.writeHead(400, { 'content-type': 'text/plain' }).end(String(e));
		}
	});
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`Listening on ${process.env.PORT}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => server.close(() => sql.end().then(() => process.exit(0))));
