import { describe, expect, it } from 'vitest';
import type { Incident, Quiz, Survey } from '../courses/model';
import {
	courseProgressed,
	interactionDefinition,
	isoDuration,
	itemAnswered,
	judged,
	lessonExperienced,
	PROGRESS_EXTENSION,
	surveyAnswered,
	type RecordScope
} from './records';

const COURSE = '0203af81-fbb1-4149-889c-87f5b71975bb';
const scope: RecordScope = {
	origin: 'https://lernen.example',
	actorId: 'a1b2c3',
	registration: '7d5e0c51-0f5d-4a57-9b39-6c8f0b1d2e3f',
	courseId: COURSE,
	courseTitle: 'Grundlagen',
	revision: 3,
	lang: 'de',
	newId: () => '00000000-0000-4000-8000-000000000001'
};
const at = new Date('2026-11-25T10:11:12.345Z');
const lesson = { id: 'wahrnehmung', title: 'Wahrnehmung' };

describe('statements', () => {
	it('describe an opened lesson with an opaque actor, stable ids, registration, revision and context activities', () => {
		const s = lessonExperienced(scope, lesson, at);
		expect(s).toMatchObject({
			id: '00000000-0000-4000-8000-000000000001',
			timestamp: '2026-11-25T10:11:12.345Z',
			actor: { objectType: 'Agent', account: { homePage: 'https://lernen.example', name: 'a1b2c3' } },
			verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
			object: { id: `https://lernen.example/xapi/activities/lesson/${COURSE}/wahrnehmung` },
			context: {
				registration: scope.registration,
				revision: '3',
				language: 'de',
				contextActivities: {
					parent: [{ id: `https://lernen.example/xapi/activities/course/${COURSE}` }],
					grouping: [{ id: `https://lernen.example/xapi/activities/course/${COURSE}` }],
					category: [{ id: 'https://lernen.example/xapi/profile/lernbruecke/v1' }]
				}
			}
		});
		expect(JSON.stringify(s)).not.toMatch(/mbox|@/);
	});

	it('carry course progress in the cmi5 extension, clamped to 0–100', () => {
		expect(courseProgressed(scope, 37.5, at).result).toEqual({ completion: false, extensions: { [PROGRESS_EXTENSION]: 38 } });
		expect(courseProgressed(scope, 130, at).result).toMatchObject({ completion: true, extensions: { [PROGRESS_EXTENSION]: 100 } });
	});

	it('judge an assessment with scaled score and the mastery score', () => {
		const s = judged(scope, { ...lesson, id: 'abschlusstest', assessment: true }, { score: 7, max: 10, mastery: 0.7, passed: true, durationMs: 83_250 }, at);
		expect(s.verb.id).toBe('http://adlnet.gov/expapi/verbs/passed');
		expect(s.object.id).toContain('/assessment/');
		expect(s.result).toMatchObject({ score: { raw: 7, min: 0, max: 10, scaled: 0.7 }, success: true, duration: 'PT1M23.25S' });
	});

	it('formats ISO 8601 durations', () => {
		expect(isoDuration(0)).toBe('PT0S');
		expect(isoDuration(3_600_000 + 61_000)).toBe('PT1H1M1S');
	});
});

describe('interaction definitions', () => {
	const base = { kind: 'quiz' as const, id: 'q', points: 1, shuffle: true, prompt: 'Was **stimmt**?' };
	it('give choices and the correct response pattern for choice, matching, sequencing and fill-in', () => {
		const multiple: Quiz = { ...base, type: 'multiple', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B', correct: false }, { id: 'c', text: 'C', correct: true }] };
		expect(interactionDefinition(multiple, 'de')).toMatchObject({ interactionType: 'choice', description: { de: 'Was stimmt?' }, correctResponsesPattern: ['a[,]c'] });
		const matching: Quiz = { ...base, type: 'matching', pairs: [{ id: 'x', left: 'L1', right: 'R1' }, { id: 'y', left: 'L2', right: 'R2' }] };
		expect(interactionDefinition(matching, 'de')).toMatchObject({ interactionType: 'matching', correctResponsesPattern: ['x[.]x[,]y[.]y'] });
		const ordering: Quiz = { ...base, type: 'ordering', items: [{ id: '1', text: 'a' }, { id: '2', text: 'b' }, { id: '3', text: 'c' }] };
		expect(interactionDefinition(ordering, 'de')).toMatchObject({ interactionType: 'sequencing', correctResponsesPattern: ['1[,]2[,]3'] });
		const cloze: Quiz = { ...base, type: 'cloze', text: '{{g1}} {{g2}}', gaps: { g1: ['Denken'], g2: ['ökologischen', 'oekologischen'] }, caseSensitive: false };
		expect(interactionDefinition(cloze, 'de')).toMatchObject({ interactionType: 'fill-in', correctResponsesPattern: ['{case_matters=false}Denken[,]ökologischen'] });
		const tf: Quiz = { ...base, type: 'true-false', answer: false };
		expect(interactionDefinition(tf, 'de')).toMatchObject({ interactionType: 'true-false', correctResponsesPattern: ['false'] });
	});

	it('score an incident by the expert rating of the chosen option', () => {
		const incident: Incident = {
			kind: 'incident', id: 'ci', points: 3, rateEach: false, shuffle: false, situation: 'S', question: 'Wie reagieren Sie?',
			options: [{ id: 'a', text: 'A', rating: 0, feedback: 'f' }, { id: 'b', text: 'B', rating: 3, feedback: 'f' }, { id: 'c', text: 'C', rating: 1, feedback: 'f' }]
		};
		const s = itemAnswered(scope, lesson, { item: incident, response: 'c', score: 1, success: false }, at);
		expect(s.object.id).toBe(`https://lernen.example/xapi/activities/incident/${COURSE}/ci`);
		expect(s.object.definition).toMatchObject({ interactionType: 'choice', correctResponsesPattern: ['b'] });
		expect(s.result).toMatchObject({ response: 'c', success: false, score: { raw: 1, max: 3, scaled: 0.3333 } });
		expect((s.context.contextActivities as { parent: { id: string }[] }).parent[0]!.id).toContain('/lesson/');
	});

	it('record a survey answer as likert without success, marked pre or post', () => {
		const survey: Survey = { kind: 'survey', id: 'selbst', scale: [1, 5], labels: { '1': 'gar nicht', '5': 'voll' }, items: [{ id: 's1', text: 'Ich weiß es.' }] };
		const s = surveyAnswered(scope, survey, 's1', 4, 'post', at);
		expect(s.object).toMatchObject({ id: `https://lernen.example/xapi/activities/survey/${COURSE}/selbst/s1`, definition: { interactionType: 'likert' } });
		expect((s.object.definition.scale as unknown[]).length).toBe(5);
		expect(s.result).toEqual({ response: '4' });
		expect(s.context.extensions).toEqual({ 'https://lernen.example/xapi/extensions/survey-phase': 'post' });
	});
});
