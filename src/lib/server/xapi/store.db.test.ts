import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { xapiActivities, xapiStatementActivities, xapiStatementAgents, xapiStatements } from '../db/schema';
import { XapiError } from './errors';
import { parsePage, queryStatements } from './query';
import { platformAuthority, recordStatements } from './store';

useTestDatabase();
const authority = platformAuthority('https://lb.example');
const statement = (over: Record<string, unknown> = {}) => ({
	id: crypto.randomUUID(),
	actor: { objectType: 'Agent', mbox: `mailto:${crypto.randomUUID()}@example.org` },
	verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
	object: { id: 'http://example.org/a' },
	...over
});
const count = async (ids: string[]) => (await getDb().select().from(xapiStatements).where(inArray(xapiStatements.id, ids))).length;

describe('recordStatements', () => {
	it('writes nothing of a batch when one statement is invalid, and names its path', async () => {
		const batch = [statement(), statement(), statement({ verb: {} })];
		await expect(getDb().transaction((tx) => recordStatements(tx, batch, authority))).rejects.toThrow('statement[2].verb.id: is required');
		expect(await count(batch.map((s) => s.id))).toBe(0);
	});

	it('rejects duplicate ids inside one batch', async () => {
		const s = statement();
		await expect(getDb().transaction((tx) => recordStatements(tx, [s, s], authority))).rejects.toThrow('occurs twice');
	});

	it('accepts the same statement again and refuses a different one with a known id (409), changing nothing', async () => {
		const s = statement({ timestamp: '2026-03-01T10:00:00.123+01:00' });
		await getDb().transaction((tx) => recordStatements(tx, [s], authority));
		await getDb().transaction((tx) => recordStatements(tx, [{ ...s }], authority));
		const changed = { ...s, object: { id: 'http://example.org/other' } };
		const err = await getDb().transaction((tx) => recordStatements(tx, [changed], authority)).catch((e) => e);
		expect(err).toBeInstanceOf(XapiError);
		expect(err.status).toBe(409);
		const [row] = await getDb().select().from(xapiStatements).where(eq(xapiStatements.id, s.id));
		expect(row!.objectId).toBe('http://example.org/a');
		expect(row!.raw.timestamp).toBe('2026-03-01T10:00:00.123+01:00');
	});

	it('marks a statement voided by a voiding statement and refuses to void a voiding statement', async () => {
		const target = statement();
		const voiding = statement({ verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target.id } });
		await getDb().transaction((tx) => recordStatements(tx, [target, voiding], authority));
		const rows = await getDb().select().from(xapiStatements).where(inArray(xapiStatements.id, [target.id, voiding.id]));
		expect(rows.find((r) => r.id === target.id)!.voided).toBe(true);
		expect(rows.find((r) => r.id === voiding.id)!).toMatchObject({ voided: false, refTarget: target.id });
		const again = statement({ verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: voiding.id } });
		await expect(getDb().transaction((tx) => recordStatements(tx, [again], authority))).rejects.toThrow('cannot be voided');
	});

	it('links group members and context agents, and merges activity definitions language by language', async () => {
		const member = `mailto:${crypto.randomUUID()}@example.org`;
		const id = `http://example.org/act/${crypto.randomUUID()}`;
		const s = statement({
			actor: { objectType: 'Group', member: [{ mbox: member }] },
			object: { id, definition: { name: { de: 'Eins' } } },
			context: { instructor: { mbox: 'mailto:teacher@example.org' } }
		});
		await getDb().transaction((tx) => recordStatements(tx, [s], authority));
		await getDb().transaction((tx) => recordStatements(tx, [statement({ object: { id, definition: { name: { en: 'One' }, type: 'http://x.org/t' } } })], authority));
		const [row] = await getDb().select().from(xapiStatements).where(eq(xapiStatements.id, s.id));
		const agents = await getDb().select().from(xapiStatementAgents).where(eq(xapiStatementAgents.statementSequence, row!.sequence));
		expect(agents.filter((a) => a.primary).map((a) => a.ifi)).toEqual([`mbox:${member}`]);
		expect(agents.filter((a) => !a.primary).map((a) => a.ifi)).toContain('mbox:mailto:teacher@example.org');
		const [activity] = await getDb().select().from(xapiActivities).where(eq(xapiActivities.id, id));
		expect(activity!.definition).toEqual({ name: { de: 'Eins', en: 'One' }, type: 'http://x.org/t' });
	});

	it('merges definitions only from the new statements of a batch that resends an older one', async () => {
		const activity = `http://example.org/resent/${crypto.randomUUID()}`;
		const named = (name: string) => statement({ object: { id: activity, definition: { name: { en: name } } } });
		const first = named('first');
		await getDb().transaction((tx) => recordStatements(tx, [first], authority));
		await getDb().transaction((tx) => recordStatements(tx, [named('second')], authority));
		// The resent statement names the activity as it was first called; only the new one counts.
		await getDb().transaction((tx) => recordStatements(tx, [{ ...first }, statement()], authority));
		const [row] = await getDb().select().from(xapiActivities).where(eq(xapiActivities.id, activity));
		expect(row!.definition).toEqual({ name: { en: 'second' } });
	});

	it('sets id, stored, timestamp, authority and version when the client leaves them out', async () => {
		const { id: _id, ...s } = statement();
		const now = new Date('2026-05-05T12:00:00.456Z');
		const [id] = await getDb().transaction((tx) => recordStatements(tx, [s], authority, { now }));
		const [row] = await getDb().select().from(xapiStatements).where(eq(xapiStatements.id, id!));
		expect(row!.raw).toMatchObject({ id, stored: '2026-05-05T12:00:00.456Z', timestamp: '2026-05-05T12:00:00.456Z', authority: authority.agent, version: '1.0.0' });
	});
	it('stores a statement as voided at once when a voiding statement stored earlier names it', async () => {
		const target = statement();
		await getDb().transaction((tx) => recordStatements(tx, [statement({ verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target.id } })], authority));
		await getDb().transaction((tx) => recordStatements(tx, [target], authority));
		const [row] = await getDb().select().from(xapiStatements).where(eq(xapiStatements.id, target.id));
		expect(row!.voided).toBe(true);
	});

	it('keeps one link row per activity and agent, so related filters return a statement once', async () => {
		const mbox = `mailto:${crypto.randomUUID()}@example.org`;
		const id = `http://example.org/act/${crypto.randomUUID()}`;
		const parentOnly = `http://example.org/act/${crypto.randomUUID()}`;
		const s = statement({
			actor: { mbox },
			object: { id },
			context: { instructor: { mbox }, contextActivities: { parent: [{ id }, { id: parentOnly }], grouping: { id } } }
		});
		await getDb().transaction((tx) => recordStatements(tx, [s], authority));
		const [row] = await getDb().select().from(xapiStatements).where(eq(xapiStatements.id, s.id));
		const activities = await getDb().select().from(xapiStatementActivities).where(eq(xapiStatementActivities.statementSequence, row!.sequence));
		expect(activities.map((a) => [a.activityId, a.primary]).sort()).toEqual([[id, true], [parentOnly, false]].sort());
		const agents = await getDb().select().from(xapiStatementAgents).where(eq(xapiStatementAgents.statementSequence, row!.sequence));
		expect(agents.filter((a) => a.ifi === `mbox:${mbox}`).map((a) => a.primary)).toEqual([true]);
		const ids = async (f: Parameters<typeof queryStatements>[1]) => parsePage(await queryStatements(getDb(), f)).map((x) => x.id);
		expect(await ids({ limit: 10, activity: id, relatedActivities: true })).toEqual([s.id]);
		expect(await ids({ limit: 10, activity: id })).toEqual([s.id]);
		expect(await ids({ limit: 10, activity: parentOnly })).toEqual([]);
		expect(await ids({ limit: 10, activity: parentOnly, relatedActivities: true })).toEqual([s.id]);
		expect(await ids({ limit: 10, agentIfi: `mbox:${mbox}`, relatedAgents: true })).toEqual([s.id]);
	});

	it('answers the same with the hash-keyed link indexes read by hash alone and in the strict form (used after a collision)', async () => {
		const mbox = `mailto:${crypto.randomUUID()}@example.org`;
		const id = `http://example.org/act/${crypto.randomUUID()}`;
		const batch = Array.from({ length: 7 }, (_, i) =>
			statement({ actor: { mbox }, object: { id: i % 2 ? id : `${id}/other` }, context: { contextActivities: { grouping: [{ id }] } } })
		);
		await getDb().transaction((tx) => recordStatements(tx, batch, authority));
		for (const f of [
			{ limit: 3, activity: id },
			{ limit: 3, activity: id, relatedActivities: true },
			{ limit: 3, agentIfi: `mbox:${mbox}` },
			{ limit: 2, agentIfi: `mbox:${mbox}`, activity: id, ascending: true }
		]) {
			const loose = await queryStatements(getDb(), f);
			const strict = await queryStatements(getDb(), f, undefined, true);
			expect(strict).toEqual(loose);
			expect(loose.raw).toHaveLength(f.limit);
			const next = await queryStatements(getDb(), f, loose.next!);
			expect(await queryStatements(getDb(), f, loose.next!, true)).toEqual(next);
		}
	});
});
