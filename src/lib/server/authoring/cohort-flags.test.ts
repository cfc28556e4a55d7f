import { describe, expect, it } from 'vitest';
import type { Incident, ScoredItem } from '../courses/model';
import type { ItemRow } from '../evaluation/items';
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
const row = (over: Partial<ItemRow>): ItemRow => ({ itemId: 'x', kind: 'quiz', type: 'single', prompt: '', n: 6, p: 0.5, discrimination: 0.3, options: null, meanRating: null, ...over });
const option = (id: string, rating: number, all: number | null) => ({ id, label: id, rating, all, upper: null, lower: null });

describe('itemFlags', () => {
	it('flags nothing below k learners, whatever the figures', () => {
		expect(itemFlags(quiz, row({ n: null, p: null, discrimination: null }))).toEqual([]);
	});
	it('flags difficulty below 0.3 and above 0.95, and a negative corrected item-total correlation', () => {
		expect(itemFlags(quiz, row({ p: 0.1 }))).toEqual([{ kind: 'hard', p: 0.1 }]);
		expect(itemFlags(quiz, row({ p: 1 }))).toEqual([{ kind: 'easy', p: 1 }]);
		expect(itemFlags(quiz, row({ p: 0.3, discrimination: 0 }))).toEqual([]);
		expect(itemFlags(quiz, row({ p: 0.95, discrimination: -0.2 }))).toEqual([{ kind: 'negative_discrimination', r: -0.2 }]);
	});
	it('flags an incident whose most chosen option the experts rate below the best, only from shown counts', () => {
		const disagree = row({ kind: 'incident', options: [option('a', 0, 5), option('b', 3, 0)] });
		expect(itemFlags(incident, disagree)).toEqual([{ kind: 'incident_disagrees', optionId: 'a', share: 5 / 6 }]);
		expect(itemFlags(incident, row({ kind: 'incident', options: [option('a', 0, 0), option('b', 3, 6)] }))).toEqual([]);
		// Withheld counts (fewer than k chose them) never point at an option.
		expect(itemFlags(incident, row({ kind: 'incident', options: [option('a', 0, null), option('b', 3, null)] }))).toEqual([]);
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
