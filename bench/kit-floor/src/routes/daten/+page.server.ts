// The same kind of text as the static page, but as page data: SvelteKit runs this load, renders it through a
// component and serialises it into the HTML for hydration (what a lesson page's load does, without a database).
import { PARAGRAPHS } from '$lib/paragraphs';
import type { PageServerLoad } from './$types';

const SECTIONS = 7;

export const load: PageServerLoad = () => ({
	title: 'Interkulturelle Kompetenz: Grundlagen',
	sections: Array.from({ length: SECTIONS }, (_, s) => ({
		heading: `Abschnitt ${s + 1}`,
		// Numbered so that every string is distinct: devalue writes a repeated string only once, a lesson's text
		// does not repeat.
		paragraphs: PARAGRAPHS.map((_, i) => `${s + 1}.${i + 1} ${PARAGRAPHS[(i + s) % PARAGRAPHS.length]!}`)
	}))
});
