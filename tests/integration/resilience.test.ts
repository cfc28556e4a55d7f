import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { attempts, enrolments, users, xapiStatements } from '../../src/lib/server/db/schema';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/accounts';
import { createLrsClient, freePort, login, startServer, type Server } from './server-process';
import { serverDatabases } from './server-db';

/**
 * Resilience (#10): the production server is killed with SIGKILL while LRS clients post statement batches and
 * learners submit final tests. After a restart on the same database, everything the server acknowledged is
 * stored exactly once, and clients that retry what was never acknowledged do not create duplicates.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SLUG = 'interkulturelle-kompetenz-grundlagen';
const FINAL = 'abschlusstest-grundlagen';
const LEARNERS = DEMO_ACCOUNTS.filter((a) => /^(lernende|trainer|manager)@/.test(a.email));
const ACTIVITY = 'https://lernbruecke.example/activities/resilience';

const databases = serverDatabases('resilience');
const cleanups = databases.cleanups;
afterAll(() => databases.cleanup());

function statementBatch(n: number) {
	return Array.from({ length: n }, (_, i) => ({
		id: randomUUID(),
		actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: `learner-${i % 7}` } },
		verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
		object: { objectType: 'Activity', id: `${ACTIVITY}/${i % 11}` },
		timestamp: new Date().toISOString()
	}));
}

describe('SIGKILL under load', () => {
	it('keeps every acknowledged statement and quiz attempt exactly once after a restart', { timeout: 600_000 }, async () => {
		const database = await databases.create('kill');
		const port = await freePort();
		const env = { ...database.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, DEMO_DATA: 'on' };
		const { key, secret } = await createLrsClient(root, env);
		let server: Server = await startServer(root, env);
		cleanups.push(() => server.stop());
		const auth = 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');

		// Learners: signed in and enrolled before the load starts (sessions live in the database, so they survive).
		const learners = [];
		for (const a of LEARNERS) {
			const cookie = await login(server.url, a.email, a.password);
			const enrol = await fetch(`${server.url}/courses/${SLUG}?/enrol`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
			expect(enrol.status, `enrol ${a.email}`).toBe(303);
			learners.push({ email: a.email, cookie });
		}

		const acknowledgedStatements = new Set<string>();
		const unacknowledgedBatches: ReturnType<typeof statementBatch>[] = [];
		const acknowledgedAttempts = new Set<string>();
		let killed = false;

		async function xapiLoad() {
			while (!killed) {
				const batch = statementBatch(25);
				try {
					const r = await fetch(`${server.url}/xapi/statements`, {
						method: 'POST',
						headers: { authorization: auth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
						body: JSON.stringify(batch)
					});
					if (r.status !== 200) throw new Error(`LRS answered ${r.status}: ${await r.text()}`);
					for (const id of (await r.json()) as string[]) acknowledgedStatements.add(id);
				} catch (e) {
					if (!killed) throw e;
					unacknowledgedBatches.push(batch);
				}
			}
		}

		const lessonUrl = (learner: { cookie: string }) => ({ url: `${server.url}/courses/${SLUG}/lessons/${FINAL}`, headers: { cookie: learner.cookie, origin: server.url } });
		async function quizLoad(learner: { email: string; cookie: string }) {
			while (!killed) {
				try {
					const { url, headers } = lessonUrl(learner);
					const form = { ...headers, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
					const start = await fetch(`${url}?/start`, { method: 'POST', redirect: 'manual', headers: form, body: '' });
					if (start.status !== 303) throw new Error(`start answered ${start.status}`);
					const page = await (await fetch(url, { headers })).text();
					const attempt = /name="attempt" value="([0-9a-f-]{36})"/.exec(page)?.[1];
					if (!attempt) throw new Error(`no open attempt for ${learner.email}`);
					const submit = await fetch(`${url}?/submit`, { method: 'POST', redirect: 'manual', headers: form, body: new URLSearchParams({ attempt }).toString() });
					if (submit.status !== 303) throw new Error(`submit answered ${submit.status}: ${(await submit.text()).slice(0, 300)}`);
					acknowledgedAttempts.add(attempt);
				} catch (e) {
					if (!killed) throw e;
				}
			}
		}

		const load = Promise.all([xapiLoad(), xapiLoad(), xapiLoad(), ...learners.map(quizLoad)]);
		// Kill once both kinds of work have been acknowledged a good number of times, mid-stream.
		const deadline = Date.now() + 240_000;
		while (!(acknowledgedStatements.size >= 500 && acknowledgedAttempts.size >= 6)) {
			if (Date.now() > deadline) throw new Error(`load too slow: ${acknowledgedStatements.size} statements, ${acknowledgedAttempts.size} attempts`);
			await Promise.race([load, new Promise((r) => setTimeout(r, 50))]);
		}
		killed = true;
		server.kill('SIGKILL');
		await load;
		await server.exited;

		server = await startServer(root, env);
		// A client retries what was never acknowledged: the LRS must accept it without storing anything twice.
		for (const batch of unacknowledgedBatches) {
			const r = await fetch(`${server.url}/xapi/statements`, {
				method: 'POST',
				headers: { authorization: auth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
				body: JSON.stringify(batch)
			});
			expect(r.status, await r.clone().text()).toBe(200);
		}
		// Acknowledged statements are readable through the LRS after the restart.
		for (const id of [...acknowledgedStatements].slice(0, 20)) {
			const r = await fetch(`${server.url}/xapi/statements?statementId=${id}`, { headers: { authorization: auth, 'x-experience-api-version': '1.0.3' } });
			expect(r.status, id).toBe(200);
		}
		await server.stop();

		const db = await database.open();
		try {
			const sent = [...acknowledgedStatements, ...unacknowledgedBatches.flat().map((s) => s.id)];
			const stored = await db.db
				.select({ id: xapiStatements.id, n: sql<number>`count(*)::int` })
				.from(xapiStatements)
				.where(sql`${xapiStatements.objectId} like ${ACTIVITY + '/%'}`)
				.groupBy(xapiStatements.id);
			const storedIds = new Set(stored.map((s) => s.id));
			expect(stored.every((s) => s.n === 1)).toBe(true);
			expect([...acknowledgedStatements].filter((id) => !storedIds.has(id))).toEqual([]);
			// Nothing appears that no client sent, and every retried statement is there once.
			expect(storedIds.size).toBe(new Set(sent).size);

			const closed = await db.db
				.select({ id: attempts.id })
				.from(attempts)
				.where(and(inArray(attempts.id, [...acknowledgedAttempts]), isNotNull(attempts.submittedAt)));
			expect(closed.length).toBe(acknowledgedAttempts.size);
			// Per learner: one `failed`/`passed` statement for every submitted attempt, one `attempted` per attempt.
			for (const learner of learners) {
				const [enrolment] = await db.db
					.select({ id: enrolments.id })
					.from(enrolments)
					.innerJoin(users, eq(users.id, enrolments.userId))
					.where(eq(users.email, learner.email));
				const mine = await db.db
					.select({ submittedAt: attempts.submittedAt })
					.from(attempts)
					.where(and(eq(attempts.enrolmentId, enrolment!.id), eq(attempts.lessonId, FINAL)));
				const verbs = await db.db
					.select({ verb: xapiStatements.verbId, n: sql<number>`count(*)::int` })
					.from(xapiStatements)
					.where(and(eq(xapiStatements.registration, enrolment!.id), sql`${xapiStatements.objectId} like ${'%' + FINAL}`))
					.groupBy(xapiStatements.verbId);
				const count = (v: string) => verbs.find((x) => x.verb.endsWith('/' + v))?.n ?? 0;
				expect(count('attempted'), learner.email).toBe(mine.length);
				expect(count('failed') + count('passed'), learner.email).toBe(mine.filter((a) => a.submittedAt).length);
			}
		} finally {
			await db.close();
		}
	});

	it('SIGTERM lets a request in flight finish, then the process exits cleanly', { timeout: 300_000 }, async () => {
		const database = await databases.create('term');
		const port = await freePort();
		const env = { ...database.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, DEMO_DATA: 'off' };
		const { key, secret } = await createLrsClient(root, env);
		const server = await startServer(root, env);
		cleanups.push(() => server.stop());
		const batch = statementBatch(400);
		const body = Buffer.from(JSON.stringify(batch));
		// The request is in flight (headers and half the body received) when the signal arrives.
		const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = http.request(`${server.url}/xapi/statements`, {
				method: 'POST',
				headers: {
					authorization: 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64'),
					'x-experience-api-version': '1.0.3',
					'content-type': 'application/json',
					'content-length': String(body.length)
				}
			});
			req.on('response', (res) => {
				let text = '';
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			});
			req.on('error', reject);
			req.write(body.subarray(0, body.length >> 1));
			setTimeout(() => {
				server.kill('SIGTERM');
				setTimeout(() => req.end(body.subarray(body.length >> 1)), 500);
			}, 500);
		});
		const r = await response;
		expect(r.status, r.body).toBe(200);
		expect(JSON.parse(r.body)).toEqual(batch.map((s) => s.id));
		expect(await server.exited).toBe(0);
		// Nothing new is accepted once it has stopped.
		await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();

		const db = await database.open();
		try {
			const stored = await db.db.select({ n: sql<number>`count(*)::int` }).from(xapiStatements).where(inArray(xapiStatements.id, batch.map((s) => s.id)));
			expect(stored[0]!.n).toBe(batch.length);
		} finally {
			await db.close();
		}
	});
});
