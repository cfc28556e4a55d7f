import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db';
import type { OutboxMail } from '../db/schema';
import { log, errorFields } from '../log';
import { startLoop } from '../jobs/loop';
import { claimDueMails, markAttemptFailed, markSent, purgeOldMails } from './outbox';

export const MAX_ATTEMPTS = 8;

/** 1 min, 2, 4 … capped at 6 h: a mail server that is down for a night still gets the mails in the morning. */
export function backoffMs(attempt: number): number {
	return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 6 * 60 * 60 * 1000);
}

/**
 * SMTP 5xx answers are permanent (unknown mailbox, rejected sender): retrying would only repeat them.
 * Connection errors and 4xx answers are temporary.
 */
export function isPermanent(err: unknown): boolean {
	const code = (err as { responseCode?: number } | null)?.responseCode;
	return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * A stable Message-ID per outbox row: if a process dies after the server accepted a mail but before the row
 * was marked sent, the retry carries the same id and receiving systems can drop the duplicate.
 */
export function messageIdFor(mail: Pick<OutboxMail, 'id' | 'createdAt'>, from: string): string {
	const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'lernbruecke.invalid';
	return `<outbox-${mail.id}-${mail.createdAt.getTime()}@${domain}>`;
}

export function createSmtpTransport(url: string): Transporter {
	return nodemailer.createTransport(url);
}

export interface MailWorkerOptions {
	db: () => Db;
	transport: Transporter;
	from: string;
	/** Pause between polls of the outbox. */
	intervalMs?: number;
	now?: () => Date;
}

export interface MailWorker {
	/** Sends what is due now; resolves with the number of mails handled. */
	runOnce(): Promise<number>;
	/** Stops polling, waits for a batch in flight, closes the SMTP connection. */
	stop(): Promise<void>;
}

export function startMailWorker(opts: MailWorkerOptions): MailWorker {
	const now = opts.now ?? (() => new Date());
	let lastPurge = 0;

	async function send(mail: OutboxMail) {
		const db = opts.db();
		try {
			await opts.transport.sendMail({
				from: opts.from,
				to: mail.recipient,
				subject: mail.subject,
				text: mail.textBody ?? '',
				html: mail.htmlBody ?? undefined,
				messageId: messageIdFor(mail, opts.from),
				headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': mail.locale }
			});
			await markSent(db, mail.id, now());
			log.info('mail sent', { outboxId: mail.id, kind: mail.kind });
		} catch (err) {
			const attempts = mail.attempts + 1;
			const giveUp = isPermanent(err) || attempts >= MAX_ATTEMPTS;
			const reason = err instanceof Error ? err.message : String(err);
			await markAttemptFailed(db, mail, reason, giveUp ? null : new Date(now().getTime() + backoffMs(attempts)));
			(giveUp ? log.error : log.warn)(giveUp ? 'mail failed for good' : 'mail attempt failed, will retry', {
				outboxId: mail.id,
				attempts,
				...errorFields(err)
			});
		}
	}

	async function runOnce(stopped: () => boolean): Promise<number> {
		const db = opts.db();
		let handled = 0;
		for (;;) {
			const batch = await claimDueMails(db, now());
			for (const mail of batch) await send(mail);
			handled += batch.length;
			if (batch.length === 0 || stopped()) break;
		}
		if (now().getTime() - lastPurge > 60 * 60 * 1000) {
			lastPurge = now().getTime();
			await purgeOldMails(db, now());
		}
		return handled;
	}

	const loop = startLoop({ name: 'mail worker', intervalMs: opts.intervalMs ?? 5000, run: runOnce, failed: 0 });
	return {
		runOnce: loop.runOnce,
		async stop() {
			await loop.stop();
			opts.transport.close();
		}
	};
}
