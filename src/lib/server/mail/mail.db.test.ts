import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { decodedParts, header, startSmtpSink, type SmtpSink } from '../../../../tests/setup/smtp-sink';
import { mailOutbox } from '../db/schema';
import { enqueueMail } from './outbox';
import { claimDueMails, getOutboxMail } from '.';
import { backoffMs, createSmtpTransport, MAX_ATTEMPTS, startMailWorker, type MailWorker } from './worker';

const database = useTestDatabase();
let sink: SmtpSink;
const FROM = 'Lernbrücke Test <noreply@lernen.example>';

beforeAll(async () => {
	sink = await startSmtpSink();
});
afterAll(async () => {
	await sink.close();
});

// A millisecond ahead: a mail is due from its next_attempt_at, which PostgreSQL sets in microseconds, and a
// worker whose JS clock (milliseconds) reads the same millisecond does not see it as due yet. On a fast
// machine runOnce() right after enqueueMail() fell into that millisecond and left the mail for the next test.
function worker(now: () => Date = () => new Date(Date.now() + 1)): MailWorker {
	return startMailWorker({
		db: () => database().db,
		transport: createSmtpTransport(sink.url),
		from: FROM,
		intervalMs: 60_000, // tests drive it with runOnce()
		now
	});
}

const reset = (to: string) =>
	({
		to,
		locale: 'de',
		template: 'password_reset',
		data: { name: 'Ülkü Öztürk', url: 'http://localhost:3000/reset/abc123', expiresAt: new Date('2026-05-01T10:00:00Z') }
	}) as const;

describe('mail outbox and worker', () => {
	it('sends a committed mail over SMTP in text and HTML, then forgets its content', async () => {
		const db = database().db;
		const id = await db.transaction((tx) => enqueueMail(tx, reset('uelkue@test.example'), { deliver: true }));
		const w = worker();
		expect(await w.runOnce()).toBe(1);
		await w.stop();

		const got = sink.received.find((r) => r.to.includes('uelkue@test.example'))!;
		expect(got.from).toBe('noreply@lernen.example');
		expect(header(got.raw, 'Subject')).toBe('Neues Passwort für Lernbrücke');
		expect(header(got.raw, 'Message-ID')).toMatch(new RegExp(`^<outbox-${id}-\\d+@lernen\\.example>$`));
		const body = decodedParts(got.raw);
		expect(body).toContain('Guten Tag Ülkü Öztürk,');
		expect(body).toContain('http://localhost:3000/reset/abc123');
		expect(body).toContain('<html lang="de">');
		// No external resources in the HTML: every URL in it is the action link itself.
		const urls = [...body.matchAll(/(?:src|href)="([^"]+)"/g)].map((x) => x[1]);
		expect(urls.length).toBeGreaterThan(0);
		expect(urls.every((u) => u === 'http://localhost:3000/reset/abc123')).toBe(true);

		const row = await getOutboxMail(db, id);
		expect(row).toMatchObject({ status: 'sent', textBody: null, htmlBody: null });
	});

	it('writes nothing when the action rolls back', async () => {
		const db = database().db;
		await expect(
			db.transaction(async (tx) => {
				await enqueueMail(tx, reset('rollback@test.example'), { deliver: true });
				throw new Error('action failed');
			})
		).rejects.toThrow('action failed');
		expect(await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'rollback@test.example'))).toHaveLength(0);
	});

	it('keeps mails without SMTP for the dev outbox and never sends them', async () => {
		const db = database().db;
		const id = await enqueueMail(db, { ...reset('held@test.example'), locale: 'en' }, { deliver: false });
		const w = worker();
		await w.runOnce();
		await w.stop();
		expect(sink.received.some((r) => r.to.includes('held@test.example'))).toBe(false);
		const row = await getOutboxMail(db, id);
		expect(row?.status).toBe('held');
		expect(row?.subject).toBe('New password for Lernbrücke');
		expect(row?.textBody).toContain('Hello Ülkü Öztürk,');
	});

	it('retries a temporary refusal with backoff and delivers later', async () => {
		const db = database().db;
		const id = await enqueueMail(db, reset('later@test.example'), { deliver: true });
		let clock = new Date(Date.now() + 1000);
		const w = worker(() => clock);
		sink.reject(451);
		await w.runOnce();
		sink.reject(null);
		let row = await getOutboxMail(db, id);
		expect(row).toMatchObject({ status: 'pending', attempts: 1 });
		expect(row!.lastError).toMatch(/451/);
		expect(row!.nextAttemptAt.getTime()).toBe(clock.getTime() + backoffMs(1));

		await w.runOnce(); // not due yet
		expect(sink.received.some((r) => r.to.includes('later@test.example'))).toBe(false);
		clock = new Date(clock.getTime() + backoffMs(1) + 1000);
		await w.runOnce();
		await w.stop();
		row = await getOutboxMail(db, id);
		expect(row).toMatchObject({ status: 'sent', attempts: 1 });
		expect(sink.received.filter((r) => r.to.includes('later@test.example'))).toHaveLength(1);
	});

	it('gives up at once on a permanent refusal, and after the last attempt on temporary ones', async () => {
		const db = database().db;
		const w = worker();
		const permanent = await enqueueMail(db, reset('unknown@test.example'), { deliver: true });
		sink.reject(550);
		await w.runOnce();
		expect(await getOutboxMail(db, permanent)).toMatchObject({ status: 'failed', attempts: 1 });

		const temporary = await enqueueMail(db, reset('flaky@test.example'), { deliver: true });
		await db.update(mailOutbox).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(mailOutbox.id, temporary));
		sink.reject(421);
		await w.runOnce();
		sink.reject(null);
		await w.stop();
		expect(await getOutboxMail(db, temporary)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
	});

	it('is idempotent across restarts: sent mails stay sent, an interrupted send is retried after its lease', async () => {
		const db = database().db;
		const id = await enqueueMail(db, reset('crash@test.example'), { deliver: true });
		// A process claims the mail and dies before sending it.
		const claimed = await claimDueMails(db, new Date(Date.now() + 1));
		expect(claimed.map((c) => c.id)).toContain(id);

		const restarted = worker();
		await restarted.runOnce(); // the lease still runs: nothing is sent twice in parallel
		expect(sink.received.some((r) => r.to.includes('crash@test.example'))).toBe(false);
		await restarted.stop();

		const later = worker(() => new Date(Date.now() + 3 * 60 * 1000));
		await later.runOnce();
		await later.runOnce();
		await later.stop();
		expect(sink.received.filter((r) => r.to.includes('crash@test.example'))).toHaveLength(1);
		expect(await getOutboxMail(db, id)).toMatchObject({ status: 'sent' });
	});
});
