import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AdapterFunction } from '@xapi/xapi/dist/types/adapters';
import { useTestDatabase } from '../../../../../tests/setup/db';
import { getDb } from '../../db';
import { organisations, xapiForwardOutbox, xapiStatements } from '../../db/schema';
import { platformAuthority, recordStatements } from '../store';
import { backoffMs, MAX_ATTEMPTS } from './outbox';
import { ForwardHttpError } from './send';
import { createTarget, deleteTarget, listTargets, retryTarget, setTargetDisabled } from './targets';
import { forwardDue } from './worker';
import { eraseActor } from '../erasure';
import { createOrganisation } from '../../orgs';
import { createUser } from '../../users';

useTestDatabase();
const authority = platformAuthority('https://lb.example');
const PASSED = 'http://adlnet.gov/expapi/verbs/passed';
const EXPERIENCED = 'http://adlnet.gov/expapi/verbs/experienced';
const COURSE = 'https://lb.example/xapi/activities/course/forward-test';

const statement = (over: Record<string, unknown> = {}) => ({
	id: crypto.randomUUID(),
	actor: { objectType: 'Agent', account: { homePage: 'https://lb.example', name: crypto.randomUUID() } },
	verb: { id: EXPERIENCED },
	object: { id: 'https://lb.example/xapi/activities/lesson/a' },
	...over
});

/** A fake target LRS behind the library's adapter interface: answers what `answer` says and records what it got. */
function fakeLrs(answer: (statements: { id: string }[]) => number | Error = () => 200) {
	const received: { id: string; [k: string]: unknown }[][] = [];
	const adapter = (async ({ data, headers }: { data?: unknown; headers?: Record<string, string> }) => {
		const list = (Array.isArray(data) ? data : [data]) as { id: string }[];
		expect(headers?.['X-Experience-API-Version']).toMatch(/^(1\.0\.3|2\.0\.0)$/);
		const a = answer(list);
		if (a instanceof Error) throw a;
		if (a >= 400) throw new ForwardHttpError(a, 'refused');
		received.push(list);
		return { data: list.map((s) => s.id), headers: {}, status: a };
	}) as unknown as AdapterFunction;
	return { adapter, received, ids: () => received.flat().map((s) => s.id) };
}

async function target(over: Partial<Parameters<typeof createTarget>[1]> = {}) {
	return getDb().transaction((tx) =>
		createTarget(tx, { name: `t-${crypto.randomUUID().slice(0, 6)}`, endpoint: 'http://lrs.invalid/xapi', username: 'u', password: 'p', version: '1.0.3', verbs: [], activities: [], ...over }, null)
	);
}
const record = (list: Record<string, unknown>[]) => getDb().transaction((tx) => recordStatements(tx, list, authority));
const rowsOf = (targetId: string) => getDb().select().from(xapiForwardOutbox).where(eq(xapiForwardOutbox.targetId, targetId)).orderBy(xapiForwardOutbox.id);
const clock = (start = Date.now() + 1000) => {
	let t = start;
	return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

describe('xAPI forwarding', () => {
	it('queues a statement for each enabled target whose filter matches, in the storing transaction', async () => {
		const all = await target();
		const passedOnly = await target({ verbs: [PASSED] });
		const course = await target({ activities: [COURSE] });
		const paused = await target();
		await getDb().transaction((tx) => setTargetDisabled(tx, paused.id, true, null));

		const inCourse = statement({ verb: { id: PASSED }, context: { contextActivities: { grouping: [{ id: COURSE }] } } });
		const other = statement();
		await record([inCourse, other]);
		const rejected = [statement(), statement({ verb: {} })];
		await expect(record(rejected)).rejects.toThrow('statement[1].verb.id');

		expect((await rowsOf(all.id)).length).toBe(2);
		expect((await rowsOf(passedOnly.id)).length).toBe(1);
		expect((await rowsOf(course.id)).length).toBe(1);
		expect(await rowsOf(paused.id)).toEqual([]);
		// A resend of a stored statement is not stored again, so it is not queued again either.
		await record([inCourse]);
		expect((await rowsOf(all.id)).length).toBe(2);
		for (const t of [all, passedOnly, course, paused]) await getDb().transaction((tx) => deleteTarget(tx, t.id, null));
	});

	it('an organisation filter queues statements about that organisation\'s people and from clients restricted to it', async () => {
		const db = getDb();
		const org = await createOrganisation(db, { name: `Fwd-Org ${crypto.randomUUID().slice(0, 6)}`, type: 'verwaltung', regionAgs: '03403' }, null);
		const other = await createOrganisation(db, { name: `Fwd-Other ${crypto.randomUUID().slice(0, 6)}`, type: 'kammer', regionAgs: '03403' }, null);
		const person = (n: string, organisationId: string | null) =>
			createUser(db, { email: `fwd-${n}-${crypto.randomUUID().slice(0, 8)}@example.org`, name: n, organisationId, roles: [{ role: 'learner', organisationId: null }] }, null);
		const member = await person('member', org.id);
		const outsider = await person('outsider', other.id);
		const loner = await person('loner', null);
		const filtered = await target({ organisationId: org.id });
		const all = await target();

		const about = (u: { actorId: string }) => statement({ actor: { objectType: 'Agent', account: { homePage: 'https://lb.example', name: u.actorId } } });
		const ofMember = about(member);
		await record([ofMember, about(outsider), about(loner), statement()]);
		// A client restricted to the organisation writes about someone the platform does not know.
		const viaClient = statement();
		await getDb().transaction((tx) => recordStatements(tx, [viaClient], { ...authority, organisationId: org.id }));
		const viaOtherClient = statement();
		await getDb().transaction((tx) => recordStatements(tx, [viaOtherClient], { ...authority, organisationId: other.id }));

		const queued = await getDb()
			.select({ id: xapiStatements.id })
			.from(xapiForwardOutbox)
			.innerJoin(xapiStatements, eq(xapiStatements.sequence, xapiForwardOutbox.statementSequence))
			.where(eq(xapiForwardOutbox.targetId, filtered.id));
		expect(queued.map((q) => q.id).sort()).toEqual([ofMember.id, viaClient.id].sort());
		expect((await rowsOf(all.id)).length).toBe(6);
		// The organisation's deletion takes the target with it rather than widening it to everyone.
		await getDb().transaction((tx) => deleteTarget(tx, all.id, null));
		expect((await listTargets(getDb())).find((t) => t.id === filtered.id)?.organisationId).toBe(org.id);
		await db.delete(organisations).where(eq(organisations.id, org.id));
		expect((await listTargets(getDb())).find((t) => t.id === filtered.id)).toBeUndefined();
	});

	it('sends due statements in batches, strips what the receiver sets, and marks them done', async () => {
		const t = await target({ version: '2.0.0' });
		const list = Array.from({ length: 120 }, () => statement());
		await record(list);
		const lrs = fakeLrs();
		const c = clock();
		expect(await forwardDue({ db: getDb, adapter: lrs.adapter, now: c.now })).toBe(120);
		expect(lrs.received.map((b) => b.length)).toEqual([50, 50, 20]);
		expect(new Set(lrs.ids())).toEqual(new Set(list.map((s) => s.id)));
		const sent = lrs.received[0]![0]!;
		expect(sent.stored).toBeUndefined();
		expect(sent.authority).toBeUndefined();
		expect(sent.version).toBeUndefined();
		expect((await rowsOf(t.id)).every((r) => r.status === 'done' && r.doneAt?.getTime() === c.now().getTime())).toBe(true);
		expect(await forwardDue({ db: getDb, adapter: lrs.adapter, now: c.now })).toBe(0);
		await getDb().transaction((tx) => deleteTarget(tx, t.id, null));
	});

	it('retries 5xx, 429 and timeouts with exponential backoff, then makes them dead letters an admin can send again', async () => {
		const t = await target();
		const s = statement();
		await record([s]);
		let answer: number | Error = 503;
		const lrs = fakeLrs(() => answer);
		const c = clock();
		const run = () => forwardDue({ db: getDb, adapter: lrs.adapter, now: c.now, retryBaseMs: 1000 });

		const failures: (number | Error)[] = [503, 429, Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })];
		for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
			answer = failures[(attempt - 1) % failures.length]!;
			expect(await run()).toBe(0);
			const [row] = await rowsOf(t.id);
			expect(row!.status).toBe('pending');
			expect(row!.attempts).toBe(attempt);
			expect(row!.nextAttemptAt.getTime() - c.now().getTime()).toBe(backoffMs(attempt, 1000));
			// Not due before its time: a run a millisecond early sends nothing.
			c.advance(backoffMs(attempt, 1000) - 1);
			expect(await run()).toBe(0);
			expect((await rowsOf(t.id))[0]!.attempts).toBe(attempt);
			c.advance(1);
		}
		expect(backoffMs(2, 1000)).toBe(2000);
		expect(backoffMs(30)).toBe(60 * 60 * 1000);
		answer = 502;
		await run();
		const [dead] = await rowsOf(t.id);
		expect(dead!.status).toBe('dead');
		expect(dead!.attempts).toBe(MAX_ATTEMPTS);
		expect(dead!.lastStatus).toBe(502);
		expect((await listTargets(getDb())).find((x) => x.id === t.id)!.counts).toEqual({ pending: 0, done: 0, dead: 1 });

		answer = 200;
		c.advance(24 * 60 * 60 * 1000);
		expect(await run()).toBe(0);
		expect(await getDb().transaction((tx) => retryTarget(tx, t.id, null, c.now()))).toBe(1);
		expect(await run()).toBe(1);
		expect(lrs.ids()).toEqual([s.id]);
		expect((await rowsOf(t.id))[0]!.status).toBe('done');
		await getDb().transaction((tx) => deleteTarget(tx, t.id, null));
	});

	it('makes a statement the target refuses (400, 409) a dead letter at once, and still delivers the rest of its batch', async () => {
		const t = await target();
		const list = Array.from({ length: 5 }, () => statement());
		await record(list);
		const bad = list[2]!.id;
		const conflict = list[4]!.id;
		const lrs = fakeLrs((batch) => (batch.some((s) => s.id === bad) ? 400 : batch.some((s) => s.id === conflict) ? 409 : 200));
		expect(await forwardDue({ db: getDb, adapter: lrs.adapter, now: clock().now })).toBe(3);
		expect(lrs.ids().sort()).toEqual([list[0]!.id, list[1]!.id, list[3]!.id].sort());
		const rows = await rowsOf(t.id);
		expect(rows.filter((r) => r.status === 'dead').map((r) => r.lastStatus).sort()).toEqual([400, 409]);
		expect(rows.filter((r) => r.status === 'dead').every((r) => r.attempts === 1)).toBe(true);
		await getDb().transaction((tx) => deleteTarget(tx, t.id, null));
	});

	it('sends a statement again when the sender died after claiming it, once its lease has run out', async () => {
		const t = await target();
		const s = statement();
		await record([s]);
		const c = clock();
		// A run that "dies" mid-send: the target answers, but the process never gets to mark the row.
		const dying = (async () => {
			throw new Error('process killed');
		}) as unknown as AdapterFunction;
		await getDb()
			.update(xapiForwardOutbox)
			.set({ lockedUntil: new Date(c.now().getTime() + 120_000) })
			.where(eq(xapiForwardOutbox.targetId, t.id));
		const lrs = fakeLrs();
		expect(await forwardDue({ db: getDb, adapter: dying, now: c.now })).toBe(0);
		expect((await rowsOf(t.id))[0]!.attempts).toBe(0);
		c.advance(120_001);
		expect(await forwardDue({ db: getDb, adapter: lrs.adapter, now: c.now })).toBe(1);
		expect(lrs.ids()).toEqual([s.id]);
		await getDb().transaction((tx) => deleteTarget(tx, t.id, null));
	});

	it('drops queued rows with the statement when a person is erased', async () => {
		const t = await target();
		const s = statement();
		await record([s]);
		expect((await rowsOf(t.id)).length).toBe(1);
		await getDb().transaction((tx) => eraseActor(tx, s.actor.account.name));
		expect(await getDb().select().from(xapiStatements).where(eq(xapiStatements.id, s.id))).toEqual([]);
		expect(await rowsOf(t.id)).toEqual([]);
		await getDb().transaction((tx) => deleteTarget(tx, t.id, null));
	});
});
