import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { getDb } from '../db';
import { xapiStatements } from '../db/schema';
import { platformAuthority, recordStatements } from './store';

useTestDatabase();
const authority = platformAuthority('https://lb.example');

/** Activities with definitions, shared by every batch, each batch naming them in another order. */
function batch(round: number, client: number, activities: string[]) {
	const order = [...activities].sort(() => Math.random() - 0.5);
	return order.map((id, i) => ({
		id: crypto.randomUUID(),
		actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: `c${client}` } },
		verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
		// A definition that changes every round, so every batch updates the shared activity rows.
		object: { id, definition: { name: { 'de-DE': `Frage ${i} (Runde ${round}, Client ${client})` } } }
	}));
}

describe('recordStatements under concurrency', () => {
	it('concurrent batches that update the same activity definitions all succeed (no deadlock)', { timeout: 120_000 }, async () => {
		const activities = Array.from({ length: 100 }, (_, i) => `http://example.org/activities/q${i}`);
		const ids: string[] = [];
		for (let round = 0; round < 20; round++) {
			const batches = Array.from({ length: 5 }, (_, client) => batch(round, client, activities));
			ids.push(...batches.flat().map((s) => s.id));
			const results = await Promise.allSettled(batches.map((b) => getDb().transaction((tx) => recordStatements(tx, b, authority))));
			const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason?.cause ?? r.reason));
			expect(failures, `round ${round}`).toEqual([]);
		}
		const stored = await getDb().select({ id: xapiStatements.id }).from(xapiStatements).where(inArray(xapiStatements.id, ids));
		expect(stored).toHaveLength(ids.length);
	});
});
