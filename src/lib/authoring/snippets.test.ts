import { describe, expect, it } from 'vitest';
import { freeId, imageSnippet, videoSnippet } from './snippets';

describe('editor snippets', () => {
	it('picks an id not yet used in the file', () => {
		expect(freeId('id: quiz-1\n\nid: quiz-2\n', 'quiz')).toBe('quiz-3');
		expect(freeId('id: quiz-10\n', 'quiz')).toBe('quiz-1');
	});

	it('keeps brackets out of alt text and quotes video titles', () => {
		expect(imageSnippet('Ein [Bild]', 'assets/a.png')).toBe('![Ein  Bild](./assets/a.png)\n');
		expect(videoSnippet({ src: 'assets/v.webm', captions: 'assets/v.vtt', title: 'A: "B"', transcript: 'Zeile 1\nZeile 2' })).toContain(
			'title: "A: \\"B\\""\ntranscript: |\n  Zeile 1\n  Zeile 2\n```'
		);
	});
});
