import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { mailOutbox, type Locale, type MailStatus, type OutboxMail } from '../db/schema';
import { config } from '../config';
import { log } from '../log';
import { renderTemplate, type MailData, type MailTemplate } from './templates';

export interface MailRequest<T extends MailTemplate> {
	to: string;
	locale: Locale;
	template: T;
	data: MailData<T>;
}

/**
 * Puts a mail into the outbox, in the caller's transaction: if the action rolls back, the mail is gone too.
 * `deliver` says whether a worker will send it (SMTP configured); otherwise it is kept for the dev outbox
 * and logged, so every flow can be followed on `npm start` without a mail server.
 */
export async function enqueueMail<T extends MailTemplate>(
	db: DbOrTx,
	request: MailRequest<T>,
	opts: { deliver?: boolean } = {}
): Promise<number> {
	const deliver = opts.deliver ?? Boolean(config().SMTP_URL);
	const mail = renderTemplate(request.template, request.data, request.locale);
	const [row] = await db
		.insert(mailOutbox)
		.values({
			kind: request.template,
			recipient: request.to,
			locale: request.locale,
			subject: mail.subject,
			textBody: mail.text,
			htmlBody: mail.html,
			status: deliver ? 'pending' : 'held'
		})
		.returning({ id: mailOutbox.id });
	if (!deliver) {
		log.info('mail kept in the dev outbox (SMTP_URL not set)', {
			outboxId: row!.id,
			to: request.to,
			subject: mail.subject,
			text: mail.text
		});
	}
	return row!.id;
}

/** Many mails at once (invitations from a CSV file): batched inserts, and one log line instead of thousands. */
export async function enqueueMails<T extends MailTemplate>(
	db: DbOrTx,
	requests: MailRequest<T>[],
	opts: { deliver?: boolean } = {}
): Promise<void> {
	if (requests.length === 1) {
		await enqueueMail(db, requests[0]!, opts);
		return;
	}
	const deliver = opts.deliver ?? Boolean(config().SMTP_URL);
	const status = deliver ? ('pending' as const) : ('held' as const);
	for (let i = 0; i < requests.length; i += 500) {
		await db.insert(mailOutbox).values(
			requests.slice(i, i + 500).map((r) => {
				const mail = renderTemplate(r.template, r.data, r.locale);
				return { kind: r.template, recipient: r.to, locale: r.locale, subject: mail.subject, textBody: mail.text, htmlBody: mail.html, status };
			})
		);
	}
	if (!deliver && requests.length) {
		log.info('mails kept in the dev outbox (SMTP_URL not set)', { count: requests.length, kind: requests[0]!.template });
	}
}

export async function listOutbox(db: DbOrTx, opts: { status?: MailStatus; before?: number; limit?: number } = {}) {
	const limit = Math.min(opts.limit ?? 50, 200);
	const where = and(
		opts.status ? eq(mailOutbox.status, opts.status) : undefined,
		opts.before ? lt(mailOutbox.id, opts.before) : undefined
	);
	const rows = await db
		.select({
			id: mailOutbox.id,
			kind: mailOutbox.kind,
			recipient: mailOutbox.recipient,
			subject: mailOutbox.subject,
			status: mailOutbox.status,
			attempts: mailOutbox.attempts,
			lastError: mailOutbox.lastError,
			createdAt: mailOutbox.createdAt,
			sentAt: mailOutbox.sentAt
		})
		.from(mailOutbox)
		.where(where)
		.orderBy(desc(mailOutbox.id))
		.limit(limit + 1);
	return { mails: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1]!.id : null };
}

export async function countOutbox(db: DbOrTx) {
	return db.select({ status: mailOutbox.status, n: count() }).from(mailOutbox).groupBy(mailOutbox.status);
}

export async function getOutboxMail(db: DbOrTx, id: number): Promise<OutboxMail | null> {
	const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
	return row ?? null;
}

/** How long a worker may hold a row it is sending before another process may try it. */
export const LEASE_MS = 2 * 60 * 1000;

/**
 * Takes up to `limit` due mails for sending. `for update skip locked` lets several server processes share
 * one PostgreSQL database without sending a mail twice; the lease covers a process that dies mid-send.
 */
export async function claimDueMails(db: DbOrTx, now: Date, limit = 10): Promise<OutboxMail[]> {
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: mailOutbox.id })
			.from(mailOutbox)
			.where(
				and(
					eq(mailOutbox.status, 'pending'),
					lte(mailOutbox.nextAttemptAt, now),
					or(isNull(mailOutbox.lockedUntil), lt(mailOutbox.lockedUntil, now))
				)
			)
			.orderBy(asc(mailOutbox.id))
			.limit(limit)
			.for('update', { skipLocked: true });
		if (!due.length) return [];
		return tx
			.update(mailOutbox)
			.set({ lockedUntil: new Date(now.getTime() + LEASE_MS) })
			.where(inArray(mailOutbox.id, due.map((d) => d.id)))
			.returning();
	});
}

export async function markSent(db: DbOrTx, id: number, now: Date) {
	// The bodies go: a sent reset or invitation link has no business staying readable in the database.
	await db
		.update(mailOutbox)
		.set({ status: 'sent', sentAt: now, lockedUntil: null, lastError: null, textBody: null, htmlBody: null })
		.where(eq(mailOutbox.id, id));
}

export async function markAttemptFailed(
	db: DbOrTx,
	mail: Pick<OutboxMail, 'id' | 'attempts'>,
	reason: string,
	next: Date | null
) {
	await db
		.update(mailOutbox)
		.set({
			attempts: mail.attempts + 1,
			lastError: reason.slice(0, 500),
			lockedUntil: null,
			...(next ? { nextAttemptAt: next } : { status: 'failed' as const })
		})
		.where(eq(mailOutbox.id, mail.id));
}

/** Sent and failed mails are kept for a while for the admin's overview, then deleted. */
export async function purgeOldMails(db: DbOrTx, now: Date, keepDays = 30) {
	const before = new Date(now.getTime() - keepDays * 24 * 60 * 60 * 1000);
	await db
		.delete(mailOutbox)
		.where(and(inArray(mailOutbox.status, ['sent', 'failed', 'held']), lt(mailOutbox.createdAt, before)));
}
