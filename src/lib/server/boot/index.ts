import cluster from 'node:cluster';
import { config, demoDataEnabled } from '../config';
import { startDatabase, getDb, stopDatabase } from '../db';
import { seedDemoIfEmpty, demoBanner } from '../demo/seed';
import { seedDemoLearning } from '../demo/learning';
import { log } from '../log';
import { createSmtpTransport, startMailWorker, type MailWorker } from '../mail';
import { importAllCourses, describeOutcome } from '../courses/import';
import { listLiveVersions } from '../courses/cache';
import { platformKey } from '../certificates/keys';
import { startForwardWorker, type ForwardWorker } from '../xapi/forward';
import { startScheduler, type Scheduler } from '../jobs/scheduler';
import { runReminders } from '../reminders';
import { completeDueErasures } from '../privacy/erasure';
import { runCertificateReminders } from '../certificates/reminders';
import { startSessionCache } from '../auth/session-cache';

let booted: Promise<void> | undefined;

/**
 * Everything the server needs before its first request: database open and migrated, demo data on an empty
 * development database. Failures are explained for the operator and end the process without a stack trace.
 */
export function boot(): Promise<void> {
	booted ??= run().catch((err) => {
		console.error(`\nLernbrücke could not start.\n\n${err instanceof Error ? err.message : String(err)}\n`);
		process.exit(1);
	});
	return booted;
}

async function run() {
	const c = config();
	const database = await startDatabase(c);
	log.info('database ready', { driver: database.driver, location: database.location });
	let seeded = false;
	if (demoDataEnabled(c)) {
		seeded = await seedDemoIfEmpty(getDb());
		if (seeded) log.info('demo data created');
		console.log(`\n${demoBanner()}\n`);
	}
	await importCourses(c.COURSES_DIR);
	// Rendering a course version takes a few hundred milliseconds of CPU in which the process answers nothing:
	// done here for every live course, before the first request, rather than on some learner's request
	// (or in the middle of the first scheduled job run).
	await listLiveVersions(getDb());
	// Synthetic learning records need the courses, so they follow the import, once, with fresh demo data.
	if (seeded && (await seedDemoLearning(getDb()))) log.info('synthetic demo learning records created');
	// The Open Badge signing key exists from the first start on, so its public part can be published.
	const key = await platformKey(getDb());
	log.info('certificate signing key ready', { kid: key.kid });
	const stopSessionCache = c.SESSION_CACHE === 'on' ? await startSessionCache(database) : undefined;
	const worker = startMail(c);
	const forwarding = startForwardWorker({ db: getDb, intervalMs: c.XAPI_FORWARD_INTERVAL_MS, retryBaseMs: c.XAPI_FORWARD_RETRY_MS });
	const scheduler = startJobs(c);
	onShutdown(worker, forwarding, scheduler, stopSessionCache);
	console.log(`Lernbrücke is ready on ${c.origin}`);
}

/**
 * Course folders are imported on every start; unchanged ones cost a hash. A course that fails validation is
 * logged (and shown on /admin/courses) but never stops the server: its last good version stays live.
 */
async function importCourses(dir: string) {
	try {
		for (const outcome of await importAllCourses(getDb(), dir)) {
			if (outcome.status === 'invalid') log.warn('course not imported', { folder: outcome.folder, problems: outcome.problems.length });
			else log.info(describeOutcome(outcome));
		}
	} catch (err) {
		log.error('course import failed', { dir, error: err instanceof Error ? err.message : String(err) });
	}
}

/** The outbox worker runs inside the server process and stops with it (see onShutdown). */
function startMail(c: ReturnType<typeof config>): MailWorker | undefined {
	if (!c.SMTP_URL) {
		log.info('SMTP_URL not set: mails are not sent but kept in the dev outbox (/admin/mail) and logged');
		return undefined;
	}
	const worker = startMailWorker({ db: getDb, transport: createSmtpTransport(c.SMTP_URL), from: c.mailFrom });
	log.info('mail worker started', { from: c.mailFrom });
	return worker;
}

/**
 * Reminders, summaries and due erasure requests run in the server process on a timer (SCHEDULER_INTERVAL_SECONDS). Only the server
 * starts it — never an import — so Vitest and the CLI scripts run jobs only when they call them.
 */
function startJobs(c: ReturnType<typeof config>): Scheduler | undefined {
	if (!c.SCHEDULER_INTERVAL_SECONDS) {
		log.info('scheduled jobs are off (SCHEDULER_INTERVAL_SECONDS=0)');
		return undefined;
	}
	const intervalMs = c.SCHEDULER_INTERVAL_SECONDS * 1000;
	const scheduler = startScheduler({
		db: getDb,
		intervalMs,
		firstDelayMs: Math.min(intervalMs, 30_000),
		jobs: [
			{
				name: 'reminders',
				run: async (db, now) => {
					const sent = await runReminders(db, now);
					if (sent.reminders || sent.summaries) log.info('reminders queued', { ...sent });
				}
			},
			{
				name: 'erasure',
				run: async (db, now) => {
					const done = await completeDueErasures(db, now, c.ERASURE_DELAY_DAYS);
					if (done) log.info('erasure requests completed automatically', { count: done });
				}
			},
			{
				name: 'certificate-reminders',
				run: async (db, now) => {
					const sent = await runCertificateReminders(db, now);
					if (sent.reminded60 || sent.reminded14) log.info('certificate expiry reminders queued', { ...sent });
				}
			}
		]
	});
	log.info('scheduled jobs started', { intervalSeconds: c.SCHEDULER_INTERVAL_SECONDS });
	return scheduler;
}

/**
 * Graceful shutdown. On SIGTERM/SIGINT adapter-node stops accepting connections, lets requests in flight
 * finish (up to SHUTDOWN_TIMEOUT seconds) and then emits `sveltekit:shutdown`. Only then: stop the scheduled
 * jobs (a run in flight finishes), let the mail and xAPI forwarding workers finish the batch they are sending
 * (a mail handed to SMTP is marked sent, not sent twice), and close the database — PGlite writes its files on
 * close, postgres.js ends its pool so the process can exit.
 */
function onShutdown(worker: MailWorker | undefined, forwarding: ForwardWorker, scheduler: Scheduler | undefined, stopSessionCache?: () => Promise<void>) {
	process.once('sveltekit:shutdown', async (reason: unknown) => {
		log.info('shutting down', { reason: String(reason) });
		try {
			await scheduler?.stop();
			await worker?.stop();
			// A batch in flight is finished and marked; whatever is still queued waits in the outbox for the next start.
			await forwarding.stop();
			await stopSessionCache?.();
			await stopDatabase();
			log.info('shutdown complete');
		} catch (err) {
			log.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
			process.exitCode = 1;
		}
		// A worker of WEB_CONCURRENCY (scripts/cluster.js): the channel to the primary would keep it alive.
		cluster.worker?.disconnect();
	});
}
