import { describe, expect, it } from 'vitest';
import { renderLegalMarkdown } from './markdown';

describe('legal page Markdown', () => {
	it('renders headings one level below the page title', () => {
		expect(renderLegalMarkdown('# Anbieter\n\n## Kontakt')).toBe('<h2>Anbieter</h2>\n<h3>Kontakt</h3>\n');
	});

	it('drops scripts, event handlers and javascript: links an attacker could put into the text', () => {
		const html = renderLegalMarkdown(
			'<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[klick](javascript:alert(3)) <a href="/x" onclick="alert(4)">x</a>'
		);
		expect(html).not.toMatch(/script|onerror|onclick|javascript:/i);
		expect(html).toContain('klick');
	});

	it('keeps lists and ordinary links', () => {
		const html = renderLegalMarkdown('- [Schlichtungsstelle](https://www.schlichtungsstelle-bgg.de/)');
		expect(html).toContain('<li><a href="https://www.schlichtungsstelle-bgg.de/" rel="noopener noreferrer external">');
	});

	it('renders nothing for an empty text, so the page shows its default', () => {
		expect(renderLegalMarkdown('  \n ')).toBe('');
	});
});

describe('legal page Markdown, images', () => {
	it('drops images, which would need alternative texts the editor cannot enforce', () => {
		expect(renderLegalMarkdown('Text ![](logo.png) <img src=x>')).toBe('<p>Text  </p>\n');
	});
});
