/**
 * The transactional half of forwarding: `recordStatements` calls `enqueueForwarding` with the statements it
 * has just stored, in its own transaction. A rolled-back batch therefore never reaches an outbox, and a
 * committed one always does, whatever happens to the process afterwards.
 */
import { isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { xapiForwardOutbox, xapiForwardTargets, type ForwardTarget } from '../../db/schema';
import type { Json } from '../ifi';

export interface StoredStatement {
	sequence: number;
	raw: Json;
}

/** The activities a target's filter looks at: the object and every context activity (the course is `grouping`). */
function activitiesOf(s: Json): Set<string> {
	const out = new Set<string>();
	const walk = (body: Json) => {
		const object = body.object as Json;
		const type = object.objectType ?? 'Activity';
		if (type === 'Activity') out.add(object.id as string);
		else if (type === 'SubStatement') walk(object);
		const ca = ((body.context as Json | undefined)?.contextActivities as Json | undefined) ?? {};
		for (const list of Object.values(ca)) for (const a of (Array.isArray(list) ? list : [list]) as Json[]) out.add(a.id as string);
	};
	walk(s);
	return out;
}

export function matchesTarget(target: Pick<ForwardTarget, 'verbs' | 'activities'>, s: Json): boolean {
	if (target.verbs.length && !target.verbs.includes((s.verb as Json).id as string)) return false;
	if (target.activities.length) {
		const mentioned = activitiesOf(s);
		if (!target.activities.some((a) => mentioned.has(a))) return false;
	}
	return true;
}

export async function enqueueForwarding(tx: DbOrTx, statements: StoredStatement[]): Promise<number> {
	if (!statements.length) return 0;
	const targets = await tx.select().from(xapiForwardTargets).where(isNull(xapiForwardTargets.disabledAt));
	if (!targets.length) return 0;
	const rows: (typeof xapiForwardOutbox.$inferInsert)[] = [];
	for (const { sequence, raw } of statements) {
		for (const t of targets) if (matchesTarget(t, raw)) rows.push({ targetId: t.id, statementSequence: sequence });
	}
	for (let i = 0; i < rows.length; i += 5000) await tx.insert(xapiForwardOutbox).values(rows.slice(i, i + 5000));
	return rows.length;
}
