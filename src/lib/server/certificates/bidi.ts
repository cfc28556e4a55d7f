/**
 * Visual order for one line of mixed-direction text in the PDF. pdf-lib hands a whole string to fontkit,
 * which shapes Arabic and reverses a right-to-left string correctly, but treats the string as one run: in
 * "שרה כהן Kurs" it reverses "Kurs" too. So a line is split into directional runs, each drawn on its own,
 * left to right in visual order. This is a reduced Unicode bidi algorithm (paragraph direction from the first
 * strong character, neutrals between equal strong types take that type, otherwise the paragraph's; digits
 * count as left-to-right), enough for names, titles and places, not for nested embeddings or mirrored brackets.
 */
export interface Run {
	text: string;
	rtl: boolean;
}

// Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended and the presentation forms.
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LTR = /[\p{L}\p{N}]/u;

type Strength = 'R' | 'L' | 'N';
const strength = (ch: string): Strength => (RTL.test(ch) ? 'R' : LTR.test(ch) ? 'L' : 'N');

export function hasRtl(text: string): boolean {
	return RTL.test(text);
}

/** The paragraph's direction: that of its first strong character (left-to-right when there is none). */
export function isRtlParagraph(text: string): boolean {
	for (const ch of text) {
		const s = strength(ch);
		if (s !== 'N') return s === 'R';
	}
	return false;
}

/** The line's runs in the order they are drawn, from left to right. */
export function visualRuns(text: string): Run[] {
	if (!hasRtl(text)) return [{ text, rtl: false }];
	const chars = [...text];
	const base: Strength = isRtlParagraph(text) ? 'R' : 'L';
	const types = chars.map(strength);
	// Each neutral stretch takes the type of its strong neighbours when they agree, else the paragraph's.
	for (let i = 0; i < types.length; ) {
		if (types[i] !== 'N') {
			i++;
			continue;
		}
		let j = i;
		while (j < types.length && types[j] === 'N') j++;
		const before = i > 0 ? types[i - 1]! : base;
		const after = j < types.length ? types[j]! : base;
		const resolved = before === after ? before : base;
		for (let k = i; k < j; k++) types[k] = resolved;
		i = j;
	}
	const runs: Run[] = [];
	chars.forEach((ch, i) => {
		const rtl = types[i] === 'R';
		const last = runs.at(-1);
		if (last && last.rtl === rtl) last.text += ch;
		else runs.push({ text: ch, rtl });
	});
	return base === 'R' ? runs.reverse() : runs;
}
