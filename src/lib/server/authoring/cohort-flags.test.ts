import { describe, expect, it } from 'vitest';
import type { Incident, ScoredItem } from '../courses/model';
import { itemFlags, locateItem } from './cohort-flags';

const incident: Incident = {
	kind: 'incident',
	id: 'ci-1',
	points: 3,
	rateEach: false,
	shuffle: false,
	situation: 's',
	question: 'q',
	options: [
		{ id: 'a', text: 'A', rating: 0, feedback: '' },
		{ id: 'b', text: 'B', rating: 3, feedback: '' }
	]
};
const quiz = { kind: 'quiz', id: 'q-1' } as unknown as ScoredItem;
const stats = (over: object) => ({ itemId: 'x', lessonId: 'l', answered: 6, options: null, fullMarks: 0.5, ...over });

describe('itemFlags', () => {
	it('flags nothing below k learners, whatever the shares', () => {
		expect(itemFlags(quiz, stats({ answered: null, fullMarks: null }))).toEqual([]);
	});
	it('flags very hard and very easy items', () => {
		expect(itemFlags(quiz, stats({ fullMarks: 0.1 }))).toEqual([{ kind: 'hard', share: 0.1 }]);
		expect(itemFlags(quiz, stats({ fullMarks: 1 }))).toEqual([{ kind: 'easy', share: 1 }]);
		expect(itemFlags(quiz, stats({ fullMarks: 0.6 }))).toEqual([]);
	});
	it('flags an incident whose most chosen option the experts rate below the best', () => {
		const disagree = stats({ options: [{ id: 'a', share: 0.7 }, { id: 'b', share: 0.3 }] });
		expect(itemFlags(incident, disagree)).toEqual([{ kind: 'incident_disagrees', optionId: 'a', share: 0.7 }]);
		expect(itemFlags(incident, stats({ options: [{ id: 'a', share: 0.2 }, { id: 'b', share: 0.8 }] }))).toEqual([]);
	});
});

describe('locateItem', () => {
	it('finds the line of the item id after the front matter', () => {
		const files = new Map([
			['course.md', new TextEncoder().encode('---\nid: q-1\n---\n')],
			['01-a.md', new TextEncoder().encode('---\nid: q-1\ntitle: A\n---\n# A\n\n```quiz\nid: q-1\ntype: single\n```\n')]
		]);
		expect(locateItem(files, 'q-1')).toEqual({ file: '01-a.md', line: 8 });
		expect(locateItem(files, 'fehlt')).toBeUndefined();
	});
});
