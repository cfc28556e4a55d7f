/**
 * The forwarding worker, running inside the server process (started in boot, stopped on graceful shutdown).
 * Delivery is at least once: a row is marked done only after the target answered 2xx, so a crash between
 * the answer and the mark sends the statement again, and the target keeps its first copy by statement id
 * (docs/decisions/007-lrs-forwarding.md).
 */
import { inArray } from 'drizzle-orm';
import type { AdapterFunction } from '@xapi/xapi/dist/types/adapters';
import type { Db } from '../../db';
import { xapiAttachments, xapiForwardTargets, xapiStatements, type ForwardOutboxRow, type ForwardTarget } from '../../db/schema';
import { log } from '../../log';
import { startLoop } from '../../jobs/loop';
import type { Json } from '../ifi';
import { claimDue, markDone, markFailed, purgeDone, type Failure } from './outbox';
import { classify, clientFor, outgoing, sendBatch, timeoutAdapter, type Payload } from './send';

export const BATCH_SIZE = 50;

export interface ForwardWorkerOptions {
	db: () => Db;
	/** Pause between polls of the outbox. */
	intervalMs?: number;
	/** First retry delay; doubles per attempt (see backoffMs). */
	retryBaseMs?: number;
	/** Per request to a target. */
	timeoutMs?: number;
	now?: () => Date;
	/** Tests pass their own; production uses fetch with a timeout. */
	adapter?: AdapterFunction;
}

export interface ForwardWorker {
	/** Sends everything due now; resolves with the number of outbox rows delivered. */
	runOnce(): Promise<number>;
	/** Stops polling and waits for the batch in flight. */
	stop(): Promise<void>;
}

interface Item {
	row: ForwardOutboxRow;
	statement: Json;
	payloads: Payload[];
	/** A statement whose attachments are partly by URL and partly by payload cannot be expressed through the library. */
	unsendable?: string;
}

/** Delivers what is due once; exported for tests and for the worker loop. */
export async function forwardDue(opts: ForwardWorkerOptions): Promise<number> {
	const db = opts.db();
	const now = opts.now ?? (() => new Date());
	const adapter = opts.adapter ?? timeoutAdapter(opts.timeoutMs ?? 15_000);
	let delivered = 0;
	for (;;) {
		const rows = await claimDue(db, now());
		if (!rows.length) break;
		const targets = await db
			.select()
			.from(xapiForwardTargets)
			.where(inArray(xapiForwardTargets.id, [...new Set(rows.map((r) => r.targetId))]));
		const items = await loadItems(db, rows, targets);
		for (const target of targets) {
			delivered += await deliver(db, target, items.filter((i) => i.row.targetId === target.id), adapter, now, opts.retryBaseMs);
		}
	}
	return delivered;
}

async function loadItems(db: Db, rows: ForwardOutboxRow[], targets: ForwardTarget[]): Promise<Item[]> {
	const statements = await db
		.select({ sequence: xapiStatements.sequence, raw: xapiStatements.raw })
		.from(xapiStatements)
		.where(inArray(xapiStatements.sequence, [...new Set(rows.map((r) => r.statementSequence))]));
	const rawOf = new Map(statements.map((s) => [Number(s.sequence), s.raw as Json]));
	const shas = new Set<string>();
	for (const s of statements) for (const a of ((s.raw as Json).attachments as Json[] | undefined) ?? []) shas.add(a.sha2 as string);
	const stored = shas.size
		? await db.select().from(xapiAttachments).where(inArray(xapiAttachments.sha2, [...shas]))
		: [];
	const payloadOf = new Map(stored.map((p) => [p.sha2, { contentType: p.contentType, content: p.content }]));
	const versionOf = new Map(targets.map((t) => [t.id, t.version]));
	// A statement erased since the claim took its outbox rows with it (cascade): nothing to send.
	return rows.filter((row) => rawOf.has(Number(row.statementSequence))).map((row) => {
		const raw = rawOf.get(Number(row.statementSequence))!;
		const attachments = (raw.attachments as Json[] | undefined) ?? [];
		const payloads = attachments.map((a) => payloadOf.get(a.sha2 as string)).filter((p) => p !== undefined);
		const item: Item = { row, statement: outgoing(raw, versionOf.get(row.targetId)!), payloads };
		if (payloads.length && payloads.length < attachments.length) {
			item.unsendable = 'attachments partly by fileUrl and partly as payload cannot be forwarded';
		}
		return item;
	});
}

/** One target's share of the claimed rows: batches in stored order; the first temporary failure ends the target's turn. */
async function deliver(db: Db, target: ForwardTarget, items: Item[], adapter: AdapterFunction, now: () => Date, retryBaseMs?: number): Promise<number> {
	const xapi = clientFor(target, adapter);
	let delivered = 0;
	const groups: Item[][] = [];
	let plain: Item[] = [];
	for (const item of items) {
		if (item.unsendable) {
			await markFailed(db, [item.row], { status: null, message: item.unsendable, permanent: true }, now(), retryBaseMs);
			continue;
		}
		if (item.payloads.length) groups.push([item]);
		else {
			plain.push(item);
			if (plain.length === BATCH_SIZE) {
				groups.push(plain);
				plain = [];
			}
		}
	}
	if (plain.length) groups.push(plain);
	groups.sort((a, b) => a[0]!.row.id - b[0]!.row.id);

	for (let g = 0; g < groups.length; g++) {
		const group = groups[g]!;
		const failure = await attempt(xapi, group);
		if (!failure) {
			await markDone(db, group.map((i) => i.row.id), now());
			delivered += group.length;
			continue;
		}
		if (!failure.permanent) {
			// The target is down or refuses us for now: everything claimed for it waits, instead of one request per batch.
			const waiting = groups.slice(g).flat();
			await markFailed(db, waiting.map((i) => i.row), failure, now(), retryBaseMs);
			log.warn('xapi forwarding failed, will retry', { target: target.name, statements: waiting.length, status: failure.status, error: failure.message });
			return delivered;
		}
		if (group.length === 1) {
			await markFailed(db, [group[0]!.row], failure, now(), retryBaseMs);
			log.error('xapi forwarding refused, dead letter', { target: target.name, statementId: group[0]!.statement.id, status: failure.status, error: failure.message });
			continue;
		}
		// A batch is refused whole for one bad statement: send them one by one so only that one becomes a dead letter.
		groups.splice(g + 1, 0, ...group.map((i) => [i]));
	}
	return delivered;
}

async function attempt(xapi: ReturnType<typeof clientFor>, group: Item[]): Promise<Failure | null> {
	try {
		await sendBatch(
			xapi,
			group.map((i) => i.statement),
			group.length === 1 ? group[0]!.payloads : undefined
		);
		return null;
	} catch (err) {
		return classify(err);
	}
}

export function startForwardWorker(opts: ForwardWorkerOptions): ForwardWorker {
	const now = opts.now ?? (() => new Date());
	let lastPurge = 0;
	return startLoop({
		name: 'xapi forwarding',
		intervalMs: opts.intervalMs ?? 5000,
		failed: 0,
		async run() {
			const delivered = await forwardDue(opts);
			if (now().getTime() - lastPurge > 60 * 60 * 1000) {
				lastPurge = now().getTime();
				await purgeDone(opts.db(), now());
			}
			return delivered;
		}
	});
}
