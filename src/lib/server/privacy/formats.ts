import { toCsv } from '../csv/write';
import { zip } from '../export/zip';
import type { PersonalData } from './collect';

/** The JSON download: the collected data as it is, readable by people and programs alike (Art. 20). */
export function personalDataJson(data: PersonalData): string {
	return JSON.stringify(data, null, 2);
}

type Row = Record<string, unknown>;

/** One CSV per kind of data, the columns named like the JSON fields; nested values are written as JSON. */
function table(rows: Row[], columns?: string[]): string {
	const header = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
	return toCsv(
		header,
		rows.map((r) => header.map((h) => (r[h] !== null && typeof r[h] === 'object' ? JSON.stringify(r[h]) : r[h])))
	);
}

/**
 * The CSV download: a ZIP with one file per kind of data (CSV has no nesting). Statements get the columns a
 * spreadsheet user looks for plus the full statement as JSON in the last column, so nothing is lost.
 */
export function personalDataCsvZip(data: PersonalData): Uint8Array<ArrayBuffer> {
	const { lessons, enrolments } = {
		enrolments: data.enrolments.map(({ lessons: _, ...e }) => e),
		lessons: data.enrolments.flatMap((e) => e.lessons.map((l) => ({ enrolmentId: e.id, course: e.course, ...l })))
	};
	const answers = data.attempts.flatMap((a, i) => a.answers.map((x) => ({ attempt: i + 1, course: a.course, lessonId: a.lessonId, number: a.number, ...x })));
	const statements = data.statements.map((s) => ({
		id: s.id,
		timestamp: s.timestamp,
		stored: s.stored,
		verb: (s.verb as { id?: string } | undefined)?.id,
		object: (s.object as { id?: string } | undefined)?.id,
		result: s.result,
		statement: s
	}));
	const entries = [
		{ name: 'profile.csv', data: table([{ ...data.profile, exportedAt: data.exportedAt }]) },
		{ name: 'membership.csv', data: table(data.membership ? [data.membership] : [], ['organisation', 'unit']) },
		{ name: 'roles.csv', data: table(data.roles, ['role', 'organisation']) },
		{ name: 'sessions.csv', data: table(data.sessions, ['createdAt', 'lastSeenAt', 'expiresAt', 'userAgent']) },
		{ name: 'invitations.csv', data: table(data.invitations, ['organisation', 'sentAt', 'acceptedAt']) },
		{ name: 'assignments.csv', data: table(data.assignments, ['course', 'dueDate']) },
		{ name: 'enrolments.csv', data: table(enrolments, ['id', 'course', 'courseVersion', 'source', 'language', 'enrolledAt', 'lastActiveAt', 'lastLessonId', 'completedAt', 'passedAt']) },
		{ name: 'lessons.csv', data: table(lessons, ['enrolmentId', 'course', 'lessonId', 'openedAt', 'completedAt']) },
		{
			name: 'attempts.csv',
			data: table(
				data.attempts.map(({ answers: _, ...a }, i) => ({ attempt: i + 1, ...a })),
				['attempt', 'enrolmentId', 'course', 'lessonId', 'number', 'startedAt', 'submittedAt', 'score', 'maxScore', 'passed']
			)
		},
		{ name: 'answers.csv', data: table(answers, ['attempt', 'course', 'lessonId', 'number', 'itemId', 'response', 'score', 'maxScore', 'correct', 'answeredAt']) },
		{ name: 'self-assessments.csv', data: table(data.selfAssessments, ['enrolmentId', 'course', 'surveyId', 'phase', 'answers', 'submittedAt']) },
		{
			name: 'certificates.csv',
			data: table(data.certificates, ['code', 'holderName', 'course', 'courseVersion', 'kind', 'assessed', 'workloadUe', 'issuer', 'issuedAt', 'validUntil', 'revokedAt', 'revokedReason', 'badgeOptInAt'])
		},
		{ name: 'statements.csv', data: table(statements, ['id', 'timestamp', 'stored', 'verb', 'object', 'result', 'statement']) },
		{ name: 'documents.csv', data: table(data.documents, ['kind', 'documentId', 'activityId', 'contentType', 'updated', 'content']) },
		{ name: 'mails.csv', data: table(data.mails, ['kind', 'subject', 'status', 'createdAt', 'sentAt']) },
		{ name: 'erasure-requests.csv', data: table(data.erasureRequests, ['status', 'requestedAt']) }
	];
	return zip(entries, new Date(data.exportedAt));
}
