/**
 * The xAPI statements the platform writes about learning (../shared/design/xapi-profile.md), built as plain
 * objects by pure functions. Recording them (in the same transaction as the progress they describe) is the
 * LRS store's job; this module only knows what a statement about a lesson or an answer looks like.
 *
 * Activity ids are derived from the stable ids in the course files. Lesson, block and survey-item ids are
 * unique only within a course, so every id below the course carries the course's UUID:
 * `<origin>/xapi/activities/lesson/<course uuid>/<lesson id>`.
 */
import { plainText } from '../courses/markdown';
import type { Incident, Lang, Quiz, Survey } from '../courses/model';

export const PROFILE_PATH = '/xapi/profile/lernbruecke/v1';
export const PROGRESS_EXTENSION = 'https://w3id.org/xapi/cmi5/result/extensions/progress';
export const SURVEY_PHASE_EXTENSION_PATH = '/xapi/extensions/survey-phase';

const ADL_VERB = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { en: name } });
export const VERBS = {
	initialized: ADL_VERB('initialized'),
	terminated: ADL_VERB('terminated'),
	experienced: ADL_VERB('experienced'),
	progressed: ADL_VERB('progressed'),
	attempted: ADL_VERB('attempted'),
	answered: ADL_VERB('answered'),
	passed: ADL_VERB('passed'),
	failed: ADL_VERB('failed'),
	completed: ADL_VERB('completed')
} as const;
export type VerbName = keyof typeof VERBS;

const ACTIVITY_TYPES = {
	course: 'http://adlnet.gov/expapi/activities/course',
	lesson: 'http://adlnet.gov/expapi/activities/lesson',
	assessment: 'http://adlnet.gov/expapi/activities/assessment',
	question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
	incident: 'http://adlnet.gov/expapi/activities/cmi.interaction',
	survey: 'http://adlnet.gov/expapi/activities/cmi.interaction'
} as const;
export type ActivityKind = keyof typeof ACTIVITY_TYPES;

export interface Statement {
	id: string;
	timestamp: string;
	actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
	verb: { id: string; display: Record<string, string> };
	object: { objectType: 'Activity'; id: string; definition: Record<string, unknown> };
	result?: Record<string, unknown>;
	context: Record<string, unknown>;
}

/** Who and where: the same for every statement of one enrolment. */
export interface RecordScope {
	origin: string;
	/** `users.actorId`: opaque, never the e-mail or the name. */
	actorId: string;
	/** The enrolment id. */
	registration: string;
	courseId: string;
	courseTitle: string;
	/** The author's course version (`version:` in course.md). */
	revision: number;
	lang: Lang;
	/** Client-generated statement ids make resends idempotent; injectable for tests. */
	newId?: () => string;
}

export function activityIri(origin: string, kind: ActivityKind, id: string): string {
	return `${origin}/xapi/activities/${kind}/${id}`;
}

export function learnerActor(origin: string, actorId: string) {
	return { objectType: 'Agent' as const, account: { homePage: origin, name: actorId } };
}

function activity(scope: RecordScope, kind: ActivityKind, id: string, name: string, extra: Record<string, unknown> = {}) {
	const fullId = kind === 'course' ? scope.courseId : `${scope.courseId}/${id}`;
	return {
		objectType: 'Activity' as const,
		id: activityIri(scope.origin, kind, fullId),
		definition: { type: ACTIVITY_TYPES[kind], name: { [scope.lang]: name }, ...extra }
	};
}

const ref = (a: { id: string; definition: Record<string, unknown> }) => ({ objectType: 'Activity', id: a.id, definition: { type: a.definition.type } });

function statement(
	scope: RecordScope,
	verb: VerbName,
	object: Statement['object'],
	at: Date,
	opts: { parent?: Statement['object']; result?: Record<string, unknown>; extensions?: Record<string, unknown> } = {}
): Statement {
	const course = activity(scope, 'course', scope.courseId, scope.courseTitle);
	const contextActivities: Record<string, unknown[]> = {
		category: [{ objectType: 'Activity', id: `${scope.origin}${PROFILE_PATH}`, definition: { type: 'http://adlnet.gov/expapi/activities/profile' } }]
	};
	if (object.id !== course.id) {
		contextActivities.parent = [ref(opts.parent ?? course)];
		contextActivities.grouping = [ref(course)];
	}
	return {
		id: (scope.newId ?? (() => crypto.randomUUID()))(),
		timestamp: at.toISOString(),
		actor: learnerActor(scope.origin, scope.actorId),
		verb: VERBS[verb],
		object,
		...(opts.result ? { result: opts.result } : {}),
		context: {
			registration: scope.registration,
			revision: String(scope.revision),
			language: scope.lang,
			platform: 'Lernbrücke',
			contextActivities,
			...(opts.extensions ? { extensions: opts.extensions } : {})
		}
	};
}

export interface LessonRef {
	id: string;
	title: string;
	assessment?: boolean;
}

export const courseActivity = (scope: RecordScope) => activity(scope, 'course', scope.courseId, scope.courseTitle);
export const lessonActivity = (scope: RecordScope, lesson: LessonRef) =>
	activity(scope, lesson.assessment ? 'assessment' : 'lesson', lesson.id, lesson.title);

/** A learning session starts (the first request after a pause) — and the previous one ended when it went quiet. */
export function sessionStarted(scope: RecordScope, at: Date): Statement {
	return statement(scope, 'initialized', courseActivity(scope), at);
}
export function sessionEnded(scope: RecordScope, at: Date): Statement {
	return statement(scope, 'terminated', courseActivity(scope), at);
}

export function lessonExperienced(scope: RecordScope, lesson: LessonRef, at: Date): Statement {
	return statement(scope, 'experienced', lessonActivity(scope, lesson), at);
}

export function lessonCompleted(scope: RecordScope, lesson: LessonRef, at: Date): Statement {
	return statement(scope, 'completed', lessonActivity(scope, lesson), at, { result: { completion: true } });
}

/** `percent` 0–100 (whole numbers), in the cmi5 progress extension. */
export function courseProgressed(scope: RecordScope, percent: number, at: Date): Statement {
	const progress = Math.max(0, Math.min(100, Math.round(percent)));
	return statement(scope, 'progressed', courseActivity(scope), at, {
		result: { completion: progress === 100, extensions: { [PROGRESS_EXTENSION]: progress } }
	});
}

export function courseCompleted(scope: RecordScope, at: Date): Statement {
	return statement(scope, 'completed', courseActivity(scope), at, { result: { completion: true } });
}

/** An attempt at the items of a lesson begins. */
export function attemptStarted(scope: RecordScope, lesson: LessonRef, at: Date): Statement {
	return statement(scope, 'attempted', lessonActivity(scope, lesson), at);
}

export interface Judgement {
	score: number;
	max: number;
	/** The passing share 0..1 (the course's passing_score). */
	mastery: number;
	passed: boolean;
	durationMs?: number;
}

const scoreOf = (score: number, max: number) => ({
	raw: round2(score),
	min: 0,
	max: round2(max),
	scaled: max > 0 ? Math.round((score / max) * 10_000) / 10_000 : 0
});
const round2 = (n: number) => Math.round(n * 100) / 100;

/** `passed`/`failed` for a judged attempt (an assessment) or for the course, with score and mastery. */
export function judged(scope: RecordScope, target: 'course' | LessonRef, j: Judgement, at: Date): Statement {
	const object = target === 'course' ? courseActivity(scope) : lessonActivity(scope, target);
	return statement(scope, j.passed ? 'passed' : 'failed', object, at, {
		result: {
			score: scoreOf(j.score, j.max),
			success: j.passed,
			completion: true,
			...(j.durationMs !== undefined ? { duration: isoDuration(j.durationMs) } : {})
		},
		extensions: { [`${scope.origin}/xapi/extensions/mastery-score`]: j.mastery }
	});
}

/** ISO 8601 duration with up to two decimals of seconds: 83_250 ms → `PT1M23.25S`. */
export function isoDuration(ms: number): string {
	const total = Math.max(0, Math.round(ms / 10) / 100);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = Math.round((total % 60) * 100) / 100;
	return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** The interaction definition of an item (xAPI 1.0.3 §2.4.4.1 and the profile): what was asked, what is right. */
export function interactionDefinition(item: Quiz | Incident, lang: Lang): Record<string, unknown> {
	const desc = (s: string) => ({ [lang]: plainText(s) });
	const choices = (list: { id: string; text: string }[]) => list.map((o) => ({ id: o.id, description: desc(o.text) }));
	if (item.kind === 'incident') {
		const best = item.options.filter((o) => o.rating === item.points).map((o) => o.id);
		return {
			description: desc(item.question),
			interactionType: 'choice',
			choices: choices(item.options),
			correctResponsesPattern: best
		};
	}
	const base = { description: desc(item.prompt) };
	switch (item.type) {
		case 'single':
		case 'multiple':
			return {
				...base,
				interactionType: 'choice',
				choices: choices(item.options),
				correctResponsesPattern: [item.options.filter((o) => o.correct).map((o) => o.id).join('[,]')]
			};
		case 'true-false':
			return { ...base, interactionType: 'true-false', correctResponsesPattern: [String(item.answer)] };
		case 'matching':
			return {
				...base,
				interactionType: 'matching',
				source: item.pairs.map((p) => ({ id: p.id, description: desc(p.left) })),
				target: item.pairs.map((p) => ({ id: p.id, description: desc(p.right) })),
				correctResponsesPattern: [item.pairs.map((p) => `${p.id}[.]${p.id}`).join('[,]')]
			};
		case 'ordering':
			return {
				...base,
				interactionType: 'sequencing',
				choices: choices(item.items),
				correctResponsesPattern: [item.items.map((i) => i.id).join('[,]')]
			};
		case 'cloze':
			return {
				...base,
				interactionType: 'fill-in',
				correctResponsesPattern: [
					`{case_matters=${item.caseSensitive}}` + Object.values(item.gaps).map((answers) => answers[0]).join('[,]')
				]
			};
	}
}

export interface AnswerRecord {
	item: Quiz | Incident;
	/** The response in xAPI's notation (see `responseString` in the quiz module). */
	response: string;
	score: number;
	success: boolean;
	durationMs?: number;
}

export function itemAnswered(scope: RecordScope, lesson: LessonRef, a: AnswerRecord, at: Date): Statement {
	const kind = a.item.kind === 'incident' ? 'incident' : 'question';
	const object = activity(scope, kind, a.item.id, plainText(a.item.kind === 'incident' ? a.item.question : a.item.prompt), interactionDefinition(a.item, scope.lang));
	return statement(scope, 'answered', object, at, {
		parent: lessonActivity(scope, lesson),
		result: {
			response: a.response,
			success: a.success,
			score: scoreOf(a.score, a.item.points),
			...(a.durationMs !== undefined ? { duration: isoDuration(a.durationMs) } : {})
		}
	});
}

/** One `answered` per survey item, likert, never judged; the phase (`pre`/`post`) goes into the context. */
export function surveyAnswered(scope: RecordScope, survey: Survey, itemId: string, value: number, phase: 'pre' | 'post', at: Date): Statement {
	const item = survey.items.find((i) => i.id === itemId)!;
	const scale = [];
	for (let n = survey.scale[0]; n <= survey.scale[1]; n++) scale.push({ id: String(n), description: { [scope.lang]: survey.labels[String(n)] ?? String(n) } });
	const object = activity(scope, 'survey', `${survey.id}/${item.id}`, plainText(item.text), {
		description: { [scope.lang]: plainText(item.text) },
		interactionType: 'likert',
		scale
	});
	return statement(scope, 'answered', object, at, {
		parent: activity(scope, 'survey', survey.id, survey.id),
		result: { response: String(value) },
		extensions: { [`${scope.origin}${SURVEY_PHASE_EXTENSION_PATH}`]: phase }
	});
}
