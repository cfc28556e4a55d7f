import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown the admin writes for the legal pages. The page already has its <h1>, so headings start one
 * level lower. The output passes a strict allow-list (text structure and links only — no images, no
 * script, no event handlers, no javascript: URLs): an admin account can be taken over too, and these
 * pages are public.
 */
const marked = new Marked({
	gfm: true,
	async: false,
	walkTokens(token) {
		if (token.type === 'heading') token.depth = Math.min(6, Math.max(2, token.depth + 1));
	}
});

const OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: [
		'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'b', 'i', 'del', 's', 'code', 'pre',
		'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'abbr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'
	],
	allowedAttributes: { a: ['href', 'title', 'rel'], abbr: ['title'], th: ['scope'], ol: ['start'] },
	allowedSchemes: ['http', 'https', 'mailto', 'tel'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	transformTags: {
		a: (tagName, attribs) => {
			const external = /^(https?:)?\/\//i.test(attribs.href ?? '');
			return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer external' } : attribs };
		}
	}
};

// Legal pages are public and read far more often than edited; parsing and sanitizing cost milliseconds per
// request. Keyed by the source itself, so an edit (read from the database on each request) is never stale.
const rendered = new Map<string, string>();
const MAX_RENDERED = 32;

export function renderLegalMarkdown(source: string): string {
	if (!source.trim()) return '';
	let html = rendered.get(source);
	if (html === undefined) {
		html = sanitizeHtml(marked.parse(source) as string, OPTIONS);
		if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value!);
		rendered.set(source, html);
	}
	return html;
}
