import { describe, expect, it } from 'vitest';
import { isRtlParagraph, visualRuns } from './bidi';

describe('visual runs of a PDF line', () => {
	it('leaves text without right-to-left letters as one run', () => {
		expect(visualRuns('Łukasz Ğüneş-Øberg')).toEqual([{ text: 'Łukasz Ğüneş-Øberg', rtl: false }]);
	});

	it('keeps a right-to-left name as one run (fontkit reverses and shapes it)', () => {
		expect(visualRuns('ليلى حسن')).toEqual([{ text: 'ليلى حسن', rtl: true }]);
	});

	it('draws a Latin surname after a Hebrew first name on the left, in its own order', () => {
		expect(isRtlParagraph('שרה Cohen')).toBe(true);
		expect(visualRuns('שרה Cohen')).toEqual([
			{ text: 'Cohen', rtl: false },
			{ text: 'שרה ', rtl: true }
		]);
	});

	it('puts an Arabic surname after a Latin first name, and neutrals between equal letters join them', () => {
		expect(visualRuns('Yusuf يوسف - علي')).toEqual([
			{ text: 'Yusuf ', rtl: false },
			{ text: 'يوسف - علي', rtl: true }
		]);
	});

	it('reads digits as left-to-right inside right-to-left text', () => {
		expect(visualRuns('שיעור 3 מתוך 5').map((r) => r.text)).toEqual(['5', ' מתוך ', '3', 'שיעור ']);
	});
});
