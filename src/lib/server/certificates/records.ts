/**
 * The xAPI statements about certificates (../shared/design/xapi-profile.md): the learner `earned` one
 * (linked to the statement that recorded the pass or completion through `context.statement`), and a
 * revocation by an admin or the issuing trainer, linked to the issuance statement the same way.
 *
 * Neither xAPI nor the ADL vocabulary has a verb for revoking; like the profile's own extensions it lives
 * under the platform's origin. `earned` is the registry verb used for badges and certificates.
 */
import type { Certificate } from '../db/schema';
import { learnerActor, PROFILE_PATH, type Statement } from '../learning/records';

export const EARNED_VERB = { id: 'http://id.tincanapi.com/verb/earned', display: { en: 'earned' } };
export const revokedVerb = (origin: string) => ({ id: `${origin}/xapi/verbs/revoked`, display: { en: 'revoked' } });
export const certificateActivityType = (origin: string) => `${origin}/xapi/activity-types/certificate`;

export function certificateActivity(origin: string, c: Pick<Certificate, 'id' | 'courseTitle' | 'language'>) {
	return {
		objectType: 'Activity' as const,
		id: `${origin}/xapi/activities/certificate/${c.id}`,
		definition: { type: certificateActivityType(origin), name: { [c.language]: c.courseTitle } }
	};
}

function context(origin: string, c: Pick<Certificate, 'courseId' | 'courseVersion' | 'language' | 'enrolmentId'>, ref: string | null) {
	return {
		...(c.enrolmentId ? { registration: c.enrolmentId } : {}),
		revision: String(c.courseVersion),
		language: c.language,
		platform: 'Lernbrücke',
		contextActivities: {
			grouping: [{ objectType: 'Activity', id: `${origin}/xapi/activities/course/${c.courseId}`, definition: { type: 'http://adlnet.gov/expapi/activities/course' } }],
			category: [{ objectType: 'Activity', id: `${origin}${PROFILE_PATH}`, definition: { type: 'http://adlnet.gov/expapi/activities/profile' } }]
		},
		...(ref ? { statement: { objectType: 'StatementRef', id: ref } } : {})
	};
}

/** The holder earned the certificate; `passingStatementId` is the `passed`/`completed` statement behind it. */
export function certificateEarned(origin: string, holderActorId: string, c: Certificate, passingStatementId: string | null): Statement {
	return {
		id: crypto.randomUUID(),
		timestamp: c.issuedAt.toISOString(),
		actor: learnerActor(origin, holderActorId),
		verb: EARNED_VERB,
		object: certificateActivity(origin, c),
		result: { completion: true, ...(c.assessed ? { success: true } : {}) },
		context: context(origin, c, passingStatementId)
	};
}

/**
 * Someone revoked the certificate. The actor is the person who did it (opaque account, as for learners);
 * the reason goes into `result.response`, as the verify page shows it publicly anyway.
 */
export function certificateRevoked(origin: string, revokerActorId: string, c: Certificate, reason: string, at: Date): Statement {
	return {
		id: crypto.randomUUID(),
		timestamp: at.toISOString(),
		actor: learnerActor(origin, revokerActorId),
		verb: revokedVerb(origin),
		object: certificateActivity(origin, c),
		result: { response: reason },
		context: context(origin, c, c.issuedStatementId)
	};
}
