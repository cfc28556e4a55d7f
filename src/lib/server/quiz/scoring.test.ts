import { describe, expect, it } from 'vitest';
import type { Incident, Quiz } from '../courses/model';
import { readResponse, TamperedFormError } from './form';
import { normaliseGap, responseString, scoreCloze, scoreIncident, scoreItem, scoreMatching, scoreMultiple, scoreOrdering, scoreSingle, scoreTrueFalse } from './scoring';

const base = { kind: 'quiz' as const, id: 'q', points: 1, shuffle: true, prompt: 'P' };
const single: Extract<Quiz, { type: 'single' }> = { ...base, type: 'single', options: [{ id: 'a', text: 'A', correct: false }, { id: 'b', text: 'B', correct: true }] };
const multiple: Extract<Quiz, { type: 'multiple' }> = {
	...base,
	points: 2,
	type: 'multiple',
	options: [
		{ id: 'a', text: 'A', correct: true },
		{ id: 'b', text: 'B', correct: true },
		{ id: 'c', text: 'C', correct: true },
		{ id: 'd', text: 'D', correct: false }
	]
};
const matching: Extract<Quiz, { type: 'matching' }> = {
	...base,
	type: 'matching',
	pairs: [
		{ id: 'a', left: 'L1', right: 'Stereotyp' },
		{ id: 'b', left: 'L2', right: 'Vorurteil' },
		{ id: 'c', left: 'L3', right: 'Diskriminierung' }
	]
};
const ordering: Extract<Quiz, { type: 'ordering' }> = { ...base, type: 'ordering', items: [{ id: 'x', text: '1' }, { id: 'y', text: '2' }, { id: 'z', text: '3' }] };
const cloze: Extract<Quiz, { type: 'cloze' }> = { ...base, points: 3, type: 'cloze', text: '{{g1}} {{g2}} {{g3}}', gaps: { g1: ['Denken'], g2: ['ökologischen', 'oekologischen'], g3: ['Diskriminierung'] }, caseSensitive: false };
const incident: Incident = {
	kind: 'incident',
	id: 'ci',
	points: 3,
	rateEach: false,
	shuffle: false,
	situation: 'S',
	question: 'Q',
	options: [
		{ id: 'a', text: 'A', rating: 0, feedback: 'f' },
		{ id: 'b', text: 'B', rating: 3, feedback: 'f' },
		{ id: 'c', text: 'C', rating: 2, feedback: 'f' }
	]
};

describe('single and true/false', () => {
	it('score the right choice, and nothing for an empty answer', () => {
		expect(scoreSingle(single, { choice: 'b' })).toMatchObject({ score: 1, correct: true });
		expect(scoreSingle(single, { choice: null })).toMatchObject({ score: 0, correct: false });
		expect(scoreTrueFalse({ ...base, type: 'true-false', answer: false }, { value: false }).score).toBe(1);
		expect(scoreTrueFalse({ ...base, type: 'true-false', answer: false }, { value: null }).score).toBe(0);
	});
});

describe('multiple choice', () => {
	it('all-or-nothing needs exactly the correct set', () => {
		expect(scoreMultiple(multiple, { choices: ['a', 'b', 'c'] }, 'all_or_nothing')).toMatchObject({ score: 2, correct: true });
		expect(scoreMultiple(multiple, { choices: ['a', 'b'] }, 'all_or_nothing').score).toBe(0);
		expect(scoreMultiple(multiple, { choices: ['a', 'b', 'c', 'd'] }, 'all_or_nothing').score).toBe(0);
	});
	it('partial credit subtracts wrong choices, rounds to two decimals and never goes below zero', () => {
		expect(scoreMultiple(multiple, { choices: ['a'] }, 'partial')).toMatchObject({ score: 0.67, correct: false });
		expect(scoreMultiple(multiple, { choices: ['a', 'b', 'c', 'd'] }, 'partial').score).toBe(1.33);
		expect(scoreMultiple(multiple, { choices: ['d'] }, 'partial').score).toBe(0);
		expect(scoreMultiple(multiple, { choices: [] }, 'partial').score).toBe(0);
		expect(scoreMultiple(multiple, { choices: ['a', 'b', 'c'] }, 'partial')).toMatchObject({ score: 2, correct: true, parts: { a: true, d: true } });
	});
});

describe('matching and ordering', () => {
	it('count each correct pair; an empty answer scores nothing', () => {
		expect(scoreMatching(matching, { matches: { a: 'a', b: 'c', c: 'b' } })).toMatchObject({ score: 0.33, parts: { a: true, b: false } });
		expect(scoreMatching(matching, { matches: { a: 'a', b: 'b', c: 'c' } })).toMatchObject({ score: 1, correct: true });
		expect(scoreMatching(matching, { matches: {} }).score).toBe(0);
	});
	it('count items in their right position', () => {
		expect(scoreOrdering(ordering, { order: ['x', 'y', 'z'] }).correct).toBe(true);
		expect(scoreOrdering(ordering, { order: ['x', 'z', 'y'] }).score).toBe(0.33);
		expect(scoreOrdering(ordering, { order: [] }).score).toBe(0);
	});
});

describe('cloze', () => {
	it('ignores surrounding and repeated whitespace and, by default, case', () => {
		expect(normaliseGap('  Ökologischen \t', false)).toBe('ökologischen');
		expect(scoreCloze(cloze, { gaps: { g1: ' denken ', g2: 'OEKOLOGISCHEN', g3: 'Diskriminierung' } })).toMatchObject({ score: 3, correct: true });
		expect(scoreCloze(cloze, { gaps: { g1: 'Denken', g2: '', g3: 'Diskrimierung' } })).toMatchObject({ score: 1, parts: { g1: true, g2: false, g3: false } });
	});
	it('respects case when the item says so', () => {
		const strict = { ...cloze, caseSensitive: true };
		expect(scoreCloze(strict, { gaps: { g1: 'denken', g2: 'ökologischen', g3: 'Diskriminierung' } }).score).toBe(2);
	});
});

describe('critical incidents', () => {
	it('score the expert rating of the chosen option', () => {
		expect(scoreIncident(incident, { choice: 'c' })).toMatchObject({ score: 2, max: 3, correct: false });
		expect(scoreIncident(incident, { choice: 'b' })).toMatchObject({ score: 3, correct: true });
		expect(scoreIncident(incident, { choice: null }).score).toBe(0);
	});
	it('with rate_each, take half from the choice and half from the distance to the expert ratings', () => {
		const rated = { ...incident, rateEach: true };
		expect(scoreIncident(rated, { choice: 'b', ratings: { a: 0, b: 3, c: 2 } }).score).toBe(3);
		// choice 2/3, ratings off by 1,0,1 → mean 2/3 → share 1 − 2/9; (2/3 + 7/9)/2 × 3 = 2.17
		expect(scoreIncident(rated, { choice: 'c', ratings: { a: 1, b: 3, c: 1 } }).score).toBe(2.17);
		expect(scoreIncident(rated, { choice: 'b', ratings: {} }).score).toBe(1.5);
	});
});

describe('reading forms', () => {
	it('turns form values into responses and refuses unknown ids', () => {
		expect(readResponse(multiple, { q: ['a', 'c'] })).toEqual({ type: 'multiple', choices: ['a', 'c'] });
		expect(readResponse(matching, { 'q.a': 'b', 'q.b': '' })).toEqual({ type: 'matching', matches: { a: 'b', b: null, c: null } });
		expect(readResponse(ordering, { 'q.order': ['z', 'x', 'y'] })).toEqual({ type: 'ordering', order: ['z', 'x', 'y'] });
		expect(() => readResponse(single, { q: 'zz' })).toThrow(TamperedFormError);
		expect(() => readResponse(ordering, { 'q.order': ['x', 'x', 'y'] })).toThrow(TamperedFormError);
		expect(() => readResponse({ ...incident, rateEach: true }, { ci: 'a', 'ci.rate.a': '9' })).toThrow(TamperedFormError);
	});
	it('writes responses in xAPI notation', () => {
		expect(responseString({ type: 'multiple', choices: ['c', 'a'] })).toBe('a[,]c');
		expect(responseString({ type: 'matching', matches: { a: 'b', b: null } })).toBe('a[.]b');
		expect(responseString({ type: 'true-false', value: false })).toBe('false');
		expect(scoreItem(single, { type: 'multiple', choices: ['b'] }, 'partial').score).toBe(0);
	});
});
