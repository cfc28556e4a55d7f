import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { countByTarget } from '../../src/lib/server/xapi/forward/outbox';
import { createTarget } from '../../src/lib/server/xapi/forward/targets';
import { createLrsClient, freePort, startServer, type Server } from './server-process';
import { serverDatabases, type ServerDatabase } from './server-db';

/**
 * Forwarding (#3) between two production servers, each on its own database of this project's driver: what
 * the sender stores reaches the receiver, and nothing is lost or sent twice when the sender is killed while
 * the receiver is down. tests/e2e/lrs-forwarding.e2e.ts runs the same story through the admin pages, on
 * PGlite only (the browser tests' server has one database); this is its PostgreSQL run.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXPERIENCED = 'http://adlnet.gov/expapi/verbs/experienced';
const databases = serverDatabases('forwarding');
afterAll(() => databases.cleanup());

async function serverEnv(database: ServerDatabase): Promise<Record<string, string>> {
	const port = await freePort();
	return {
		...database.env,
		PORT: String(port),
		ORIGIN: `http://127.0.0.1:${port}`,
		DEMO_DATA: 'off',
		// Fast polls and retries, so the test does not wait for production delays.
		XAPI_FORWARD_INTERVAL_MS: '200',
		XAPI_FORWARD_RETRY_MS: '200'
	};
}

const basic = (c: { key: string; secret: string }) => `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;

const statements = (registration: string, n: number) =>
	Array.from({ length: n }, (_, i) => ({
		id: randomUUID(),
		actor: { objectType: 'Agent', account: { homePage: 'https://partner.example', name: `learner-${i}` } },
		verb: { id: EXPERIENCED, display: { 'de-DE': 'hat erlebt' } },
		object: { id: `https://partner.example/xapi/activities/lesson/${i}` },
		context: { registration }
	}));

async function post(server: Server, auth: string, body: unknown) {
	const res = await fetch(`${server.url}/xapi/statements`, {
		method: 'POST',
		headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
		body: JSON.stringify(body)
	});
	expect(res.status).toBe(200);
}

/** Ids the receiver holds for a registration, every page (following `more`); empty while it is down. */
async function receivedIds(receiver: string, auth: string, registration: string): Promise<string[]> {
	const ids: string[] = [];
	let url: string | null = `/xapi/statements?registration=${registration}&limit=40`;
	while (url) {
		const res = await fetch(`${receiver}${url}`, { headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3' } }).catch(() => null);
		if (!res?.ok) return ids;
		const body = (await res.json()) as { statements: { id: string }[]; more?: string };
		ids.push(...body.statements.map((s) => s.id));
		url = body.more || null;
	}
	return ids;
}

describe.skipIf(inject('dbDriver') === 'pglite')('forwarding to a second LRS', () => {
	it('delivers every statement exactly once when the sender is killed while the receiver is down', { timeout: 420_000 }, async () => {
		const receiverEnv = await serverEnv(await databases.create('receiver'));
		const senderDb = await databases.create('sender');
		const senderEnv = await serverEnv(senderDb);
		const atReceiver = await createLrsClient(root, receiverEnv);
		const atSender = await createLrsClient(root, senderEnv);
		// The target, as an admin saves it at /admin/lrs/forwarding, before the sender holds its database.
		const setup = await senderDb.open();
		const target = await createTarget(
			setup.db,
			{ name: 'Zweites LRS', endpoint: `${receiverEnv.ORIGIN}/xapi`, username: atReceiver.key, password: atReceiver.secret, version: '1.0.3', verbs: [], activities: [] },
			null
		);
		await setup.close();

		const servers: Server[] = [];
		databases.cleanups.push(async () => {
			for (const s of servers) await s.stop();
		});
		let receiver = await startServer(root, receiverEnv);
		let sender = await startServer(root, senderEnv);
		servers.push(receiver, sender);
		const registration = randomUUID();
		const first = statements(registration, 30);
		await post(sender, basic(atSender), first);
		await expect.poll(async () => (await receivedIds(receiver.url, basic(atReceiver), registration)).length, { timeout: 30_000, interval: 250 }).toBe(30);

		// The receiver goes away; the sender stores the next batches and keeps them queued, then dies without warning.
		await receiver.stop();
		const second = statements(registration, 45);
		await post(sender, basic(atSender), second.slice(0, 20));
		await post(sender, basic(atSender), second.slice(20));
		await new Promise((r) => setTimeout(r, 300)); // at least one failed attempt, so rows are claimed and retried
		sender.kill('SIGKILL');
		await sender.exited;

		receiver = await startServer(root, receiverEnv);
		sender = await startServer(root, senderEnv);
		servers.push(receiver, sender);
		// Rows the killed sender had claimed wait for their lease (LEASE_MS, 2 min) before they are sent again.
		await expect.poll(async () => (await receivedIds(receiver.url, basic(atReceiver), registration)).length, { timeout: 200_000, interval: 500 }).toBe(75);
		const ids = await receivedIds(receiver.url, basic(atReceiver), registration);
		expect(ids).toHaveLength(75);
		expect(new Set(ids)).toEqual(new Set([...first, ...second].map((s) => s.id)));

		// The receiver's copy is the statement as sent, with the receiver's own authority for the sender's key there.
		const one = await fetch(`${receiver.url}/xapi/statements?statementId=${second[0]!.id}`, {
			headers: { Authorization: basic(atReceiver), 'X-Experience-API-Version': '1.0.3' }
		}).then((r) => r.json());
		expect(one.verb).toEqual(second[0]!.verb);
		expect(JSON.stringify(one.authority)).toContain(atReceiver.key);

		// The sender's outbox agrees: everything delivered, nothing dead (PostgreSQL: readable beside the server).
		const check = await senderDb.open();
		try {
			expect((await countByTarget(check.db)).get(target.id)).toEqual({ pending: 0, done: 75, dead: 0 });
		} finally {
			await check.close();
		}
	});
});
