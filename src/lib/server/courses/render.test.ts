import { describe, expect, it } from 'vitest';
import { buildCourse } from './build';
import { fixtureFiles } from './fixtures';
import { createMarkdown } from './markdown';
import { renderCourse } from './render';
import { sanitize } from './sanitize';

const md = () =>
	createMarkdown({
		assetBase: '/courses/k/assets/3',
		lessonHref: (file) => (file === '02-zwei.md' ? '/courses/k/lessons/zwei' : undefined),
		glossaryHref: '/courses/k/glossary',
		glossary: [
			{ term: 'Ökologischer Fehlschluss', anchor: 'begriff-oekologisch' },
			{ term: 'Kultur', anchor: 'begriff-kultur' }
		]
	});

describe('sanitize', () => {
	it('removes scripts, event handlers, javascript: links, iframes and styles', () => {
		const html = sanitize(
			'<p onclick="x()">a<script>alert(1)</script></p><a href="javascript:alert(1)">b</a><iframe src="https://x"></iframe><img src="x" onerror="y()" alt="z"><p style="background:url(x)">c</p><form><input type="text"></form>'
		);
		expect(html).not.toMatch(/script|onclick|onerror|javascript:|iframe|style=|type="text"/i);
		expect(html).toContain('<a>b</a>');
		expect(html).toContain('alt="z"');
	});

	it('keeps GFM tables and blockquotes with lists', () => {
		const out = md().block('| A | B |\n|---|:-:|\n| 1 | 2 |\n\n> - eins\n> - zwei\n');
		expect(out).toContain('<div class="table-scroll" role="region" tabindex="0" aria-label="Tabelle"><table>');
		expect(sanitize('<div class="table-scroll" role="region" tabindex="1" onclick="x">y</div><div>z</div>')).toBe('');
		expect(out).toContain('<td align="center">2</td>');
		expect(out).toMatch(/<blockquote>\s*<ul>\s*<li>eins<\/li>/);
	});
});

describe('markdown', () => {
	it('gives headings unique anchors and never renders an H1', () => {
		const r = md();
		const out = r.block('# Titel\n\n## Über uns\n\n## Über uns\n');
		expect(out).toContain('<h2 id="titel">Titel</h2>');
		expect(out).toContain('<h2 id="über-uns">Über uns</h2>');
		expect(out).toContain('<h2 id="über-uns-1">Über uns</h2>');
		expect(out).not.toContain('<h1');
	});

	it('resolves relative assets and lesson links, leaves external links marked as such', () => {
		const out = md().block('![Sitzordnung](./assets/sitz%20ordnung.svg) [weiter](./02-zwei.md#teil) [Gesetz](https://www.gesetze-im-internet.de/)');
		expect(out).toContain('src="/courses/k/assets/3/sitz%20ordnung.svg"');
		expect(out).toContain('href="/courses/k/lessons/zwei#teil"');
		expect(out).toContain('rel="noopener noreferrer external"');
	});

	it('links the first use of a glossary term per document, in any case, not in headings or links', () => {
		const r = md();
		const out = r.block('## Kultur\n\nDer ökologischer Fehlschluss und die kultur. [Kultur](https://x.example) und Kultur und Kulturen.');
		expect(out).toContain('<h2 id="kultur">Kultur</h2>');
		expect(out).toContain('<a class="glossary-term" href="/courses/k/glossary#begriff-oekologisch">ökologischer Fehlschluss</a>');
		expect(out.match(/glossary-term/g)).toHaveLength(2);
		expect(out).toContain('<a class="glossary-term" href="/courses/k/glossary#begriff-kultur">kultur</a>');
		r.reset();
		expect(r.block('Kultur')).toContain('glossary-term');
	});

	it('escapes text and does not let HTML in glossary matches through', () => {
		expect(md().block('Kultur <b onclick="x">&</b>')).not.toContain('onclick');
	});
});

describe('renderCourse', () => {
	it('keeps the answer key and feedback out of the item view', () => {
		const content = buildCourse('probekurs', fixtureFiles()).content!;
		const de = renderCourse(content, 1).de!;
		const item = de.items.get('q1')!;
		expect(JSON.stringify(item.view)).not.toMatch(/correct|feedback|rating/);
		expect(item.view.options?.map((o) => o.id)).toEqual(['a', 'b']);
		expect(de.lessons[0]!.headings.map((h) => h.id)).toEqual(['einstieg']);
		expect(de.survey?.items).toHaveLength(1);
		expect(de.glossary[0]!.anchor).toBe('begriff-ökologischer-fehlschluss');
	});
});
