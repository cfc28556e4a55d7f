import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { queryRows } from '../db';
import {
	attemptAnswers,
	attempts,
	certificates,
	courses,
	courseVersions,
	enrolments,
	erasureRequests,
	invitations,
	lessonProgress,
	mailOutbox,
	organisations,
	organisationUnits,
	sessions,
	surveyResponses,
	userRoles,
	users,
	xapiDocuments
} from '../db/schema';
import { listAssignableCourses } from '../assignments';
import { resolveAssignedCourses } from '../assignments/resolve';
import type { Lang } from '../courses/model';
import { actorIfis } from '../xapi/erasure';
import { ifiMatches } from '../xapi/query';

/**
 * Everything the platform stores about one person (DSGVO Art. 15 access and Art. 20 portability), read for
 * the download on /account/data. Every query is keyed by the person's own id, actor id or address; nothing
 * of another person is read. Secrets are left out on purpose (password hash, session and token hashes): they
 * are not information about the person and would only weaken the account if the file leaked.
 */
export interface PersonalData {
	exportedAt: string;
	profile: {
		id: string;
		email: string;
		name: string;
		locale: string;
		/** The opaque name under which learning records (xAPI) identify the person. */
		xapiAccountName: string;
		createdAt: string;
		emailConfirmedAt: string | null;
		lastLoginAt: string | null;
		deactivatedAt: string | null;
	};
	membership: { organisation: string; unit: string | null } | null;
	roles: { role: string; organisation: string | null }[];
	sessions: { createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null }[];
	invitations: { organisation: string; sentAt: string; acceptedAt: string | null }[];
	assignments: { course: string; dueDate: string | null }[];
	enrolments: {
		id: string;
		course: string;
		courseVersion: number;
		source: string;
		language: string | null;
		enrolledAt: string;
		lastActiveAt: string | null;
		lastLessonId: string | null;
		completedAt: string | null;
		passedAt: string | null;
		lessons: { lessonId: string; openedAt: string; completedAt: string | null }[];
	}[];
	attempts: {
		enrolmentId: string;
		course: string;
		lessonId: string;
		number: number;
		startedAt: string;
		submittedAt: string | null;
		score: number | null;
		maxScore: number | null;
		passed: boolean | null;
		answers: { itemId: string; response: unknown; score: number; maxScore: number; correct: boolean; answeredAt: string }[];
	}[];
	selfAssessments: { enrolmentId: string; course: string; surveyId: string; phase: string; answers: Record<string, number>; submittedAt: string }[];
	certificates: {
		code: string;
		holderName: string;
		course: string;
		courseVersion: number;
		kind: string;
		assessed: boolean;
		workloadUe: number;
		issuer: string;
		issuedAt: string;
		validUntil: string | null;
		revokedAt: string | null;
		revokedReason: string | null;
		badgeOptInAt: string | null;
	}[];
	/** Learning records in the LRS that mention the person, as stored (xAPI JSON). */
	statements: Record<string, unknown>[];
	/** State and profile documents the LRS keeps for the person. */
	documents: { kind: string; documentId: string; activityId: string | null; contentType: string; updated: string; content: string }[];
	mails: { kind: string; subject: string; status: string; createdAt: string; sentAt: string | null }[];
	erasureRequests: { status: string; requestedAt: string }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function collectPersonalData(db: DbOrTx, userId: string, lang: Lang, now = new Date()): Promise<PersonalData | null> {
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user) return null;
	const titles = new Map((await listAssignableCourses(db, lang)).map((c) => [c.id, c.title]));
	const slugs = new Map((await db.select({ id: courses.id, slug: courses.slug }).from(courses)).map((c) => [c.id, c.slug]));
	const title = (courseId: string) => titles.get(courseId) ?? slugs.get(courseId) ?? courseId;

	const [organisation] = user.organisationId
		? await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, user.organisationId))
		: [];
	const [unit] = user.unitId ? await db.select({ name: organisationUnits.name }).from(organisationUnits).where(eq(organisationUnits.id, user.unitId)) : [];
	const roles = await db
		.select({ role: userRoles.role, organisation: organisations.name })
		.from(userRoles)
		.leftJoin(organisations, eq(organisations.id, userRoles.organisationId))
		.where(eq(userRoles.userId, userId));
	const sessionRows = await db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(asc(sessions.createdAt));
	const invitationRows = await db
		.select({ organisation: organisations.name, sentAt: invitations.sentAt, acceptedAt: invitations.acceptedAt })
		.from(invitations)
		.innerJoin(organisations, eq(organisations.id, invitations.organisationId))
		.where(eq(invitations.acceptedBy, userId));

	const enrolmentRows = await db
		.select({ e: enrolments, version: courseVersions.number })
		.from(enrolments)
		.innerJoin(courseVersions, eq(courseVersions.id, enrolments.versionId))
		.where(eq(enrolments.userId, userId))
		.orderBy(asc(enrolments.enrolledAt));
	const enrolmentIds = enrolmentRows.map((r) => r.e.id);
	const courseOfEnrolment = new Map(enrolmentRows.map((r) => [r.e.id, title(r.e.courseId)]));
	const progress = enrolmentIds.length
		? await db.select().from(lessonProgress).where(inArray(lessonProgress.enrolmentId, enrolmentIds)).orderBy(asc(lessonProgress.openedAt))
		: [];
	const attemptRows = enrolmentIds.length
		? await db.select().from(attempts).where(inArray(attempts.enrolmentId, enrolmentIds)).orderBy(asc(attempts.startedAt))
		: [];
	const answerRows = attemptRows.length
		? await db.select().from(attemptAnswers).where(inArray(attemptAnswers.attemptId, attemptRows.map((a) => a.id))).orderBy(asc(attemptAnswers.answeredAt))
		: [];
	const surveyRows = enrolmentIds.length
		? await db.select().from(surveyResponses).where(inArray(surveyResponses.enrolmentId, enrolmentIds)).orderBy(asc(surveyResponses.submittedAt))
		: [];
	const certificateRows = await db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(asc(certificates.issuedAt));
	const { statements, documents } = await learningRecords(db, user.actorId);
	const mails = await db
		.select({ kind: mailOutbox.kind, subject: mailOutbox.subject, status: mailOutbox.status, createdAt: mailOutbox.createdAt, sentAt: mailOutbox.sentAt })
		.from(mailOutbox)
		.where(eq(mailOutbox.recipient, user.email))
		.orderBy(asc(mailOutbox.id));
	const erasure = await db
		.select({ status: erasureRequests.status, requestedAt: erasureRequests.requestedAt })
		.from(erasureRequests)
		.where(eq(erasureRequests.userId, userId));

	return {
		exportedAt: now.toISOString(),
		profile: {
			id: user.id,
			email: user.email,
			name: user.name,
			locale: user.locale,
			xapiAccountName: user.actorId,
			createdAt: user.createdAt.toISOString(),
			emailConfirmedAt: iso(user.emailConfirmedAt),
			lastLoginAt: iso(user.lastLoginAt),
			deactivatedAt: iso(user.deactivatedAt)
		},
		membership: organisation ? { organisation: organisation.name, unit: unit?.name ?? null } : null,
		roles: roles.map((r) => ({ role: r.role, organisation: r.organisation })),
		sessions: sessionRows.map((s) => ({ createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), expiresAt: s.expiresAt.toISOString(), userAgent: s.userAgent })),
		invitations: invitationRows.map((i) => ({ organisation: i.organisation, sentAt: i.sentAt.toISOString(), acceptedAt: iso(i.acceptedAt) })),
		assignments: (await resolveAssignedCourses(db, { userId })).map((a) => ({ course: title(a.courseId), dueDate: a.dueDate })),
		enrolments: enrolmentRows.map(({ e, version }) => ({
			id: e.id,
			course: title(e.courseId),
			courseVersion: version,
			source: e.source,
			language: e.language,
			enrolledAt: e.enrolledAt.toISOString(),
			lastActiveAt: iso(e.lastActiveAt),
			lastLessonId: e.lastLessonId,
			completedAt: iso(e.completedAt),
			passedAt: iso(e.passedAt),
			lessons: progress.filter((p) => p.enrolmentId === e.id).map((p) => ({ lessonId: p.lessonId, openedAt: p.openedAt.toISOString(), completedAt: iso(p.completedAt) }))
		})),
		attempts: attemptRows.map((a) => ({
			enrolmentId: a.enrolmentId,
			course: courseOfEnrolment.get(a.enrolmentId) ?? '',
			lessonId: a.lessonId,
			number: a.number,
			startedAt: a.startedAt.toISOString(),
			submittedAt: iso(a.submittedAt),
			score: a.score,
			maxScore: a.maxScore,
			passed: a.passed,
			answers: answerRows
				.filter((x) => x.attemptId === a.id)
				.map((x) => ({ itemId: x.itemId, response: x.response, score: x.score, maxScore: x.maxScore, correct: x.correct, answeredAt: x.answeredAt.toISOString() }))
		})),
		selfAssessments: surveyRows.map((s) => ({
			enrolmentId: s.enrolmentId,
			course: courseOfEnrolment.get(s.enrolmentId) ?? '',
			surveyId: s.surveyId,
			phase: s.phase,
			answers: s.answers,
			submittedAt: s.submittedAt.toISOString()
		})),
		certificates: certificateRows.map((c) => ({
			code: c.code,
			holderName: c.holderName,
			course: c.courseTitle,
			courseVersion: c.courseVersion,
			kind: c.kind,
			assessed: c.assessed,
			workloadUe: c.workloadUe,
			issuer: c.issuerName,
			issuedAt: c.issuedAt.toISOString(),
			validUntil: iso(c.validUntil),
			revokedAt: iso(c.revokedAt),
			revokedReason: c.revokedReason,
			badgeOptInAt: iso(c.badgeOptInAt)
		})),
		statements,
		documents,
		mails: mails.map((x) => ({ kind: x.kind, subject: x.subject, status: x.status, createdAt: x.createdAt.toISOString(), sentAt: iso(x.sentAt) })),
		erasureRequests: erasure.map((r) => ({ status: r.status, requestedAt: r.requestedAt.toISOString() }))
	};
}

/**
 * Statements and documents under the person's xAPI account, whatever homePage (ORIGIN) they were written
 * with — the same rule eraseActor uses, so the export shows exactly what an erasure would remove.
 */
async function learningRecords(db: DbOrTx, actorId: string) {
	const suffix = ` ${actorId}`;
	const ifis = await actorIfis(db, actorId);
	const statements = ifis.length
		? await queryRows<{ raw: Record<string, unknown> | string }>(
				db,
				sql`select s.raw from xapi_statements s
					where s.sequence in (select a.statement_sequence from xapi_statement_agents a where ${sql.join(
						ifis.map((ifi) => sql`(${ifiMatches(sql`a`, ifi)})`),
						sql` or `
					)})
					order by s.stored, s.sequence`
			)
		: [];
	const docs = await db
		.select()
		.from(xapiDocuments)
		.where(and(sql`${xapiDocuments.agentIfi} like 'account:%'`, sql`right(${xapiDocuments.agentIfi}, ${suffix.length}) = ${suffix}`));
	const decoder = new TextDecoder();
	return {
		statements: statements.map((s) => (typeof s.raw === 'string' ? (JSON.parse(s.raw) as Record<string, unknown>) : s.raw)),
		documents: docs.map((d) => ({
			kind: d.kind,
			documentId: d.documentId,
			activityId: d.activityId,
			contentType: d.contentType,
			updated: d.updated.toISOString(),
			content: /json|text/.test(d.contentType) ? decoder.decode(d.content) : Buffer.from(d.content).toString('base64')
		}))
	};
}
