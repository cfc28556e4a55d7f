import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { xapiAttachments, xapiDocuments, xapiStatementActivities, xapiStatementAgents, xapiStatements } from '../db/schema';
import { newActorId } from '../users';
import { countStatementsStoredBefore, eraseActor, purgeStatementsStoredBefore } from './erasure';
import { platformAuthority, recordStatements } from './store';

useTestDatabase();
const authority = platformAuthority('https://lb.example');
const account = (name: string, homePage = 'https://lb.example') => ({ objectType: 'Agent', account: { homePage, name } });
const statement = (actor: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
	id: crypto.randomUUID(),
	actor,
	verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
	object: { id: `https://lb.example/xapi/activities/lesson/${crypto.randomUUID()}` },
	...over
});
const stored = async (ids: string[]) => (await getDb().select({ id: xapiStatements.id }).from(xapiStatements).where(inArray(xapiStatements.id, ids))).map((r) => r.id);

async function addDocument(agent: Record<string, unknown>, kind: 'state' | 'agent_profile') {
	const ifi = `account:${(agent.account as { homePage: string }).homePage} ${(agent.account as { name: string }).name}`;
	await getDb()
		.insert(xapiDocuments)
		.values({
			kind,
			documentId: crypto.randomUUID(),
			activityId: kind === 'state' ? 'https://lb.example/xapi/activities/course/c1' : null,
			agentIfi: ifi,
			contentType: 'application/json',
			content: new TextEncoder().encode('{"position":3}'),
			etag: 'x',
			updated: new Date()
		});
}

async function sequencesOf(ids: string[]): Promise<number[]> {
	return (await getDb().select({ s: xapiStatements.sequence }).from(xapiStatements).where(inArray(xapiStatements.id, ids))).map((r) => Number(r.s));
}

/** Link rows (both tables) of these statements, by a scan: the link tables have no index on the sequence. */
async function linkRowsOf(sequences: number[]): Promise<number> {
	const count = async (table: typeof xapiStatementAgents | typeof xapiStatementActivities) =>
		(await getDb().select({ s: table.statementSequence }).from(table).where(inArray(table.statementSequence, sequences))).length;
	return (await count(xapiStatementAgents)) + (await count(xapiStatementActivities));
}

describe('eraseActor', () => {
	it('deletes the person’s statements, link rows and documents under every homePage, and leaves others alone', async () => {
		const actorId = newActorId();
		const other = newActorId();
		const mine = [
			statement(account(actorId)),
			statement(account(actorId, 'https://old.example'), { context: { registration: crypto.randomUUID() } }),
			// Named only as instructor of someone else's statement: it still names the person, so it goes.
			statement(account(other), { context: { instructor: account(actorId) } })
		];
		const theirs = [statement(account(other)), statement(account(`${actorId}x`))];
		await getDb().transaction((tx) => recordStatements(tx, [...mine, ...theirs], authority));
		await addDocument(account(actorId), 'state');
		await addDocument(account(actorId, 'https://old.example'), 'agent_profile');
		await addDocument(account(other), 'state');
		const seqs = await sequencesOf(mine.map((s) => s.id));
		expect(await linkRowsOf(seqs)).toBeGreaterThan(0);

		const counts = await getDb().transaction((tx) => eraseActor(tx, actorId));

		expect(counts.statements).toBe(3);
		expect(counts.documents).toBe(2);
		expect(counts.linkRows).toBeGreaterThanOrEqual(6);
		expect(await stored(mine.map((s) => s.id))).toEqual([]);
		expect((await stored(theirs.map((s) => s.id))).sort()).toEqual(theirs.map((s) => s.id).sort());
		// Every link row of the three statements: their activities, the other actor and the authority too.
		expect(await linkRowsOf(seqs)).toBe(0);
		const docs = await getDb().select({ ifi: xapiDocuments.agentIfi }).from(xapiDocuments);
		expect(docs.some((d) => d.ifi?.endsWith(` ${actorId}`))).toBe(false);
		expect(docs.some((d) => d.ifi?.endsWith(` ${other}`))).toBe(true);
	});

	it('finds nothing the second time', async () => {
		const actorId = newActorId();
		await getDb().transaction((tx) => recordStatements(tx, [statement(account(actorId))], authority));
		await getDb().transaction((tx) => eraseActor(tx, actorId));
		expect(await getDb().transaction((tx) => eraseActor(tx, actorId))).toEqual({ statements: 0, linkRows: 0, documents: 0, attachments: 0 });
	});

	it('drops an attachment payload only when no remaining statement names it', async () => {
		const actorId = newActorId();
		const shared = 'a'.repeat(64);
		const own = 'b'.repeat(64);
		await getDb().insert(xapiAttachments).values([
			{ sha2: shared, contentType: 'text/plain', content: new Uint8Array([1]), length: 1 },
			{ sha2: own, contentType: 'text/plain', content: new Uint8Array([2]), length: 1 }
		]);
		const att = (sha2: string) => ({ usageType: 'http://example.org/usage', display: { en: 'x' }, contentType: 'text/plain', length: 1, sha2, fileUrl: 'http://example.org/f' });
		const s = [
			statement(account(actorId), { attachments: [att(shared), att(own)] }),
			statement(account(newActorId()), { attachments: [att(shared)] })
		];
		await getDb().transaction((tx) => recordStatements(tx, s, authority));
		const counts = await getDb().transaction((tx) => eraseActor(tx, actorId));
		expect(counts.attachments).toBe(1);
		const left = (await getDb().select({ sha2: xapiAttachments.sha2 }).from(xapiAttachments).where(inArray(xapiAttachments.sha2, [shared, own]))).map((r) => r.sha2);
		expect(left).toEqual([shared]);
	});

	it('rolls back with the caller’s transaction', async () => {
		const actorId = newActorId();
		const s = statement(account(actorId));
		await getDb().transaction((tx) => recordStatements(tx, [s], authority));
		await expect(
			getDb().transaction(async (tx) => {
				await eraseActor(tx, actorId);
				throw new Error('later step failed');
			})
		).rejects.toThrow('later step failed');
		expect(await stored([s.id])).toEqual([s.id]);
	});
});

describe('retention purge', () => {
	it('counts in the dry run exactly what the purge then deletes, and keeps newer statements', async () => {
		const old = [statement(account(newActorId())), statement(account(newActorId()))];
		const newer = [statement(account(newActorId()))];
		await getDb().transaction((tx) => recordStatements(tx, old, authority, { now: new Date('2001-03-01T00:00:00Z') }));
		await getDb().transaction((tx) => recordStatements(tx, newer, authority, { now: new Date('2001-06-01T00:00:00Z') }));
		const cutoff = new Date('2001-05-01T00:00:00Z');

		const dry = await countStatementsStoredBefore(getDb(), cutoff);
		expect(dry.statements).toBe(2);
		expect(dry.oldest?.toISOString()).toBe('2001-03-01T00:00:00.000Z');
		expect(await stored([...old, ...newer].map((s) => s.id))).toHaveLength(3);

		const [oldSeqs, newerSeqs] = [await sequencesOf(old.map((s) => s.id)), await sequencesOf(newer.map((s) => s.id))];
		const newerLinks = await linkRowsOf(newerSeqs);
		const done = await getDb().transaction((tx) => purgeStatementsStoredBefore(tx, cutoff));
		expect(done.statements).toBe(2);
		expect(done.linkRows).toBeGreaterThan(0);
		expect(await linkRowsOf(oldSeqs)).toBe(0);
		expect(await linkRowsOf(newerSeqs)).toBe(newerLinks);
		expect(await stored(old.map((s) => s.id))).toEqual([]);
		expect(await stored(newer.map((s) => s.id))).toEqual([newer[0]!.id]);
		expect((await countStatementsStoredBefore(getDb(), cutoff)).statements).toBe(0);
	});
});
