import { and, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { certificates, users } from '../db/schema';
import { config } from '../config';
import { enqueueMail } from '../mail';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Reminders before a certificate expires: the first when renewal opens (RENEWAL_WINDOW_DAYS), a last one two weeks before. */
export const REMINDER_DAYS = [60, 14] as const;

export interface CertificateReminderRun {
	reminded60: number;
	reminded14: number;
}

/**
 * Mails holders whose certificate expires within 60 and within 14 days (one mail each), run by the server's
 * scheduler and callable with any clock. Idempotent: each mail is sent in the transaction that sets
 * `reminded60At`/`reminded14At` with a conditional update, so a second run, a restart or a second process
 * sends nothing again. A run that first sees a certificate inside 14 days sends only the 14-day mail (and marks
 * both). Revoked, replaced and already expired certificates, erased and deactivated holders get nothing.
 */
export async function runCertificateReminders(db: DbOrTx, now: Date, opts: { origin?: string } = {}): Promise<CertificateReminderRun> {
	const origin = (opts.origin ?? config().origin).replace(/\/$/, '');
	const horizon = new Date(now.getTime() + 60 * DAY_MS);
	const due = await db
		.select({ id: certificates.id, validUntil: certificates.validUntil, reminded60At: certificates.reminded60At, reminded14At: certificates.reminded14At })
		.from(certificates)
		.innerJoin(users, eq(users.id, certificates.userId))
		.where(
			and(
				isNotNull(certificates.validUntil),
				gt(certificates.validUntil, now),
				lte(certificates.validUntil, horizon),
				isNull(certificates.revokedAt),
				isNull(certificates.supersededById),
				isNull(users.deactivatedAt),
				or(isNull(certificates.reminded60At), isNull(certificates.reminded14At))
			)
		);
	const run: CertificateReminderRun = { reminded60: 0, reminded14: 0 };
	for (const c of due) {
		const last = c.validUntil!.getTime() - now.getTime() <= 14 * DAY_MS;
		if (!last && c.reminded60At) continue;
		if (last && c.reminded14At) continue;
		const sent = await remind(db, c.id, last ? 14 : 60, now, origin);
		if (sent) run[last ? 'reminded14' : 'reminded60']++;
	}
	return run;
}

async function remind(db: DbOrTx, certificateId: string, days: 14 | 60, now: Date, origin: string): Promise<boolean> {
	const run = async (tx: DbOrTx) => {
		const claim = days === 14 ? { reminded14At: now, reminded60At: sql`coalesce(${certificates.reminded60At}, ${now.toISOString()}::timestamptz)` } : { reminded60At: now };
		const [claimed] = await tx
			.update(certificates)
			.set(claim)
			.where(and(eq(certificates.id, certificateId), days === 14 ? isNull(certificates.reminded14At) : isNull(certificates.reminded60At)))
			.returning();
		if (!claimed) return false;
		const [holder] = await tx.select({ name: users.name, email: users.email, locale: users.locale }).from(users).where(eq(users.id, claimed.userId!));
		if (!holder) return false;
		await enqueueMail(tx, {
			template: 'certificate_expiry',
			to: holder.email,
			locale: holder.locale,
			data: { name: holder.name, course: claimed.courseTitle, validUntil: claimed.validUntil!, last: days === 14, url: `${origin}/certificates/${claimed.id}` }
		});
		return true;
	};
	return (db as Db).transaction(run);
}
