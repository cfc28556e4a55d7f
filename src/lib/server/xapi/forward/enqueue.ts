/**
 * The transactional half of forwarding: `recordStatements` calls `enqueueForwarding` with the statements it
 * has just stored, in its own transaction. A rolled-back batch therefore never reaches an outbox, and a
 * committed one always does, whatever happens to the process afterwards.
 */
import { and, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { users, xapiForwardOutbox, xapiForwardTargets, type ForwardTarget } from '../../db/schema';
import type { Json } from '../ifi';

export interface StoredStatement {
	sequence: number;
	raw: Json;
}

/** Where a statement belongs for an organisation filter: its writer's organisation and its actor's. */
export interface StatementOrganisations {
	/** Organisation of the LRS client that wrote the batch (null: the platform or an unrestricted client). */
	writer: string | null;
	/** Organisation of each platform account named as actor, by account name (users.actorId). */
	actors: Map<string, string>;
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

/** The account name of a statement's actor, when the actor is an agent identified by an account. */
function actorAccountName(s: Json): string | null {
	const account = (s.actor as Json | undefined)?.account as Json | undefined;
	return typeof account?.name === 'string' ? account.name : null;
}

export function matchesTarget(target: Pick<ForwardTarget, 'verbs' | 'activities' | 'organisationId'>, s: Json, orgs?: StatementOrganisations): boolean {
	if (target.organisationId) {
		const name = actorAccountName(s);
		const belongs = orgs?.writer === target.organisationId || (name !== null && orgs?.actors.get(name) === target.organisationId);
		if (!belongs) return false;
	}
	if (target.verbs.length && !target.verbs.includes((s.verb as Json).id as string)) return false;
	if (target.activities.length) {
		const mentioned = activitiesOf(s);
		if (!target.activities.some((a) => mentioned.has(a))) return false;
	}
	return true;
}

/**
 * The actors' organisations, looked up once per batch and only when some target filters by organisation.
 * Membership is read as it is when the statement is stored: a person who moves on later does not take the
 * already queued statements along.
 */
async function actorOrganisations(tx: DbOrTx, statements: StoredStatement[]): Promise<Map<string, string>> {
	const names = [...new Set(statements.map((s) => actorAccountName(s.raw)).filter((n): n is string => n !== null))];
	const out = new Map<string, string>();
	for (let i = 0; i < names.length; i += 5000) {
		const found = await tx
			.select({ actorId: users.actorId, organisationId: users.organisationId })
			.from(users)
			.where(and(inArray(users.actorId, names.slice(i, i + 5000)), isNotNull(users.organisationId)));
		for (const f of found) out.set(f.actorId, f.organisationId!);
	}
	return out;
}

/** The enabled targets, as `enqueueForwarding` needs them (recordStatements reads them with its insert). */
export type EnabledTarget = Pick<ForwardTarget, 'id' | 'verbs' | 'activities' | 'organisationId'>;

export async function enqueueForwarding(tx: DbOrTx, statements: StoredStatement[], writerOrganisationId: string | null = null, enabled?: EnabledTarget[]): Promise<number> {
	if (!statements.length) return 0;
	const targets = enabled ?? (await tx.select().from(xapiForwardTargets).where(isNull(xapiForwardTargets.disabledAt)));
	if (!targets.length) return 0;
	const orgs: StatementOrganisations = {
		writer: writerOrganisationId,
		actors: targets.some((t) => t.organisationId) ? await actorOrganisations(tx, statements) : new Map()
	};
	const rows: (typeof xapiForwardOutbox.$inferInsert)[] = [];
	for (const { sequence, raw } of statements) {
		for (const t of targets) if (matchesTarget(t, raw, orgs)) rows.push({ targetId: t.id, statementSequence: sequence });
	}
	for (let i = 0; i < rows.length; i += 5000) await tx.insert(xapiForwardOutbox).values(rows.slice(i, i + 5000));
	return rows.length;
}
