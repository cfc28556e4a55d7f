import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificates, users, type Certificate } from '../db/schema';
import type { LearnerContext } from '../learning/progress';
import { newVerificationCode } from './code';
import { issuerForCourse } from './issuers';
import type { Statement } from '../learning/records';
import { certificateEarned } from './records';

/** A renewal is offered (and a passed retake renews) from this many days before a certificate expires. */
export const RENEWAL_WINDOW_DAYS = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
	const d = new Date(date.getTime());
	const day = d.getUTCDate();
	d.setUTCDate(1);
	d.setUTCMonth(d.getUTCMonth() + months);
	const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
	d.setUTCDate(Math.min(day, last));
	return d;
}

export function renewalDue(c: Pick<Certificate, 'validUntil' | 'revokedAt' | 'supersededById'>, now: Date): boolean {
	if (!c.validUntil || c.revokedAt || c.supersededById) return false;
	return now.getTime() >= c.validUntil.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS;
}

/** The learner's current certificate for a course version (highest generation), if any. */
export async function currentCertificate(db: DbOrTx, userId: string, versionId: string): Promise<Certificate | undefined> {
	const [row] = await db
		.select()
		.from(certificates)
		.where(and(eq(certificates.userId, userId), eq(certificates.versionId, versionId)))
		.orderBy(desc(certificates.generation))
		.limit(1);
	return row;
}

/** The learner's certificates for the course on versions other than this one. */
async function otherVersionCertificates(db: DbOrTx, userId: string, courseId: string, versionId: string): Promise<Certificate[]> {
	return db
		.select()
		.from(certificates)
		.where(and(eq(certificates.userId, userId), eq(certificates.courseId, courseId), ne(certificates.versionId, versionId)));
}

/** Whether the enrolment has earned the course's certificate kind. */
export function earned(ctx: Pick<LearnerContext, 'enrolment' | 'version'>): boolean {
	return ctx.version.content.certificate.kind === 'zertifikat' ? !!ctx.enrolment.passedAt : !!ctx.enrolment.completedAt;
}

function isFinalAssessment(ctx: LearnerContext, lessonId: string): boolean {
	const lessons = ctx.version.content.variants[ctx.version.content.language]!.lessons.filter((l) => l.assessment);
	return lessons[lessons.length - 1]?.id === lessonId;
}

export interface IssueResult {
	certificate: Certificate;
	/** False when the certificate existed already (issuing twice returns it). */
	created: boolean;
	/** The `earned` statement for a new certificate, for the caller to record with the pass it belongs to. */
	statement?: Statement;
}

export interface IssueOptions {
	/** The assessment lesson just passed (a passed retake of the final one renews). */
	passedAssessment?: string;
	/** The statement recording the pass or completion; the issuance statement refers to it. */
	passingStatementId?: string;
}

/**
 * Issues the certificate the learner has just earned, in the caller's transaction (the one that records the
 * pass or the completion), once per course version. Called again for the same version it returns the
 * existing certificate — except when the final assessment was passed again (`passedAssessment`) and the
 * current certificate is within its renewal window or expired: then a renewed certificate replaces it.
 * A learner holding a certificate for an earlier version who passes the final assessment of a newer one
 * (renewal onto the current version) gets that version's certificate, which supersedes the earlier one.
 */
export async function issueCertificateIfEarned(
	tx: DbOrTx,
	ctx: LearnerContext,
	opts: IssueOptions = {}
): Promise<IssueResult | null> {
	if (!earned(ctx)) return null;
	const now = ctx.now ?? new Date();
	const current = await currentCertificate(tx, ctx.enrolment.userId, ctx.version.id);
	if (current) {
		const renew = opts.passedAssessment && isFinalAssessment(ctx, opts.passedAssessment) && renewalDue(current, now);
		if (!renew) return { certificate: current, created: false };
		const renewed = await insertCertificate(tx, ctx, now, current.generation + 1);
		if (!renewed) return { certificate: (await currentCertificate(tx, ctx.enrolment.userId, ctx.version.id))!, created: false };
		await tx
			.update(certificates)
			.set({ supersededById: renewed.id, supersededReason: 'renewal' })
			.where(eq(certificates.id, current.id));
		return { certificate: renewed, created: true, statement: earnedStatement(ctx, renewed, opts) };
	}
	// Held for an earlier version of the course: this version's certificate is earned by passing its final
	// assessment (the renewal path), not by whatever assessment happens to be passed first after moving on.
	const earlier = await otherVersionCertificates(tx, ctx.enrolment.userId, ctx.version.courseId, ctx.version.id);
	const final = !!opts.passedAssessment && isFinalAssessment(ctx, opts.passedAssessment);
	if (earlier.length && !final) return null;
	const created = await insertCertificate(tx, ctx, now, 1);
	if (created) {
		// The earlier certificates stay what they are (valid until their own expiry unless revoked) and say that
		// a newer one exists; revoked ones stay revoked and listed.
		const superseded = earlier.filter((c) => !c.revokedAt && !c.supersededById).map((c) => c.id);
		for (const id of superseded) {
			await tx
				.update(certificates)
				.set({ supersededById: created.id, supersededReason: 'renewal' })
				.where(and(eq(certificates.id, id), isNull(certificates.supersededById)));
		}
		return { certificate: created, created: true, statement: earnedStatement(ctx, created, opts) };
	}
	// A concurrent transaction issued it first (the unique constraint decided): that one counts.
	return { certificate: (await currentCertificate(tx, ctx.enrolment.userId, ctx.version.id))!, created: false };
}

function earnedStatement(ctx: LearnerContext, c: Certificate, opts: IssueOptions): Statement {
	const statement = certificateEarned(ctx.origin, ctx.actorId, c, opts.passingStatementId ?? null);
	return { ...statement, id: c.issuedStatementId! };
}

async function insertCertificate(tx: DbOrTx, ctx: LearnerContext, now: Date, generation: number): Promise<Certificate | undefined> {
	const content = ctx.version.content;
	const variant = content.variants[ctx.lang] ?? content.variants[content.language]!;
	const [holder] = await tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.enrolment.userId));
	const issuer = await issuerForCourse(tx, ctx.version.courseId);
	const [row] = await tx
		.insert(certificates)
		.values({
			code: newVerificationCode(),
			issuedStatementId: crypto.randomUUID(),
			userId: ctx.enrolment.userId,
			enrolmentId: ctx.enrolment.id,
			courseId: ctx.version.courseId,
			versionId: ctx.version.id,
			generation,
			holderName: holder!.name,
			courseTitle: variant.title,
			courseVersion: ctx.version.declaredVersion,
			kind: content.certificate.kind,
			assessed: !!ctx.enrolment.passedAt,
			workloadUe: content.workloadUe,
			outline: { lessons: variant.lessons.map((l) => l.title), objectives: variant.objectives },
			issuerOrgId: issuer.organisationId,
			issuerName: issuer.name,
			signatoryName: issuer.signatoryName,
			signatoryRole: issuer.signatoryRole,
			place: issuer.place,
			language: variant.lang,
			issuedAt: now,
			validUntil: content.certificate.validMonths ? addMonths(now, content.certificate.validMonths) : null
		})
		.onConflictDoNothing({ target: [certificates.userId, certificates.versionId, certificates.generation] })
		.returning();
	return row;
}
