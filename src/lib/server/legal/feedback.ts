import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { userRoles, users } from '../db/schema';
import { takeHit, type LimitState } from '../auth/rate-limit';
import { enqueueMail } from '../mail';

/** Per client address within the rate-limit window (15 minutes): enough for a person, useless for a flood. */
export const FEEDBACK_PER_ADDRESS = 5;

export interface AccessibilityFeedback {
	name: string;
	email: string;
	page: string;
	message: string;
}

/**
 * The feedback mechanism the accessibility statement must offer (BITV 2.0 § 7, EU 2018/1523): every active
 * admin gets the report by mail, in their own language, through the outbox (so it survives a restart and is
 * visible under /admin/mail without SMTP). Nothing is stored besides the mail.
 */
export async function sendAccessibilityFeedback(
	db: DbOrTx,
	feedback: AccessibilityFeedback,
	ip: string,
	now = new Date()
): Promise<LimitState & { recipients?: number }> {
	const limit = await takeHit(db, 'feedback:ip:' + ip, FEEDBACK_PER_ADDRESS, now);
	if (!limit.allowed) return limit;
	const admins = await db
		.selectDistinct({ email: users.email, locale: users.locale })
		.from(users)
		.innerJoin(userRoles, eq(userRoles.userId, users.id))
		.where(and(eq(userRoles.role, 'admin'), isNull(users.deactivatedAt)));
	for (const admin of admins) {
		await enqueueMail(db, {
			to: admin.email,
			locale: admin.locale,
			template: 'accessibility_feedback',
			data: feedback
		});
	}
	return { allowed: true, recipients: admins.length };
}
