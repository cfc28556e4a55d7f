import { Marked, Renderer, type Tokens } from 'marked';
import { courseRelativePath } from './links';
import { sanitize } from './sanitize';

/**
 * Markdown → safe HTML for one course variant: headings get anchors (and never an H1: the page owns the
 * H1), relative links point at the version's assets and lessons, the first use of each glossary term in a
 * lesson links to the glossary page, and everything passes the allow-list sanitizer.
 */
export interface MarkdownContext {
	/** `/courses/<slug>/assets/<version>`: asset URLs are immutable per version. */
	assetBase: string;
	/** URL of a lesson by its file name (`03-x.md`), for links between lessons. */
	lessonHref(file: string): string | undefined;
	glossaryHref: string;
	glossary: { term: string; anchor: string }[];
	/** Name of the scroll region around a table ("Tabelle"), in the course's language. */
	tableLabel?: string;
}

export interface Heading {
	id: string;
	text: string;
	depth: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** GitHub-style anchor: lowercase, letters (any script) and digits kept, spaces to dashes. */
export function slugify(text: string): string {
	return (
		text
			.toLowerCase()
			.normalize('NFC')
			.replace(/<[^>]*>/g, '')
			.replace(/&[a-z0-9#]+;/gi, '')
			.replace(/[^\p{L}\p{N}\s-]/gu, '')
			.trim()
			.replace(/\s+/g, '-') || 'abschnitt'
	);
}

export function plainText(markdown: string): string {
	return markdown.replace(/[*_`]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}

export function createMarkdown(ctx: MarkdownContext) {
	// Per-document state: anchors must be unique and each glossary term is linked once per lesson.
	let usedAnchors = new Map<string, number>();
	let linkedTerms = new Set<string>();
	let headings: Heading[] = [];
	let suppressGlossary = 0;

	const terms = [...ctx.glossary]
		.sort((a, b) => b.term.length - a.term.length)
		.map((t) => ({
			...t,
			// Whole words, any case ("ökologischer Fehlschluss" finds "Ökologischer Fehlschluss").
			pattern: new RegExp(`(?<![\\p{L}\\p{N}])${t.term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu')
		}));

	function linkGlossary(text: string): string {
		if (suppressGlossary || !terms.length) return escapeHtml(text);
		let out = '';
		let rest = text;
		for (;;) {
			let best: { index: number; length: number; anchor: string; term: string } | undefined;
			for (const t of terms) {
				if (linkedTerms.has(t.term)) continue;
				const m = t.pattern.exec(rest);
				if (m && (!best || m.index < best.index)) best = { index: m.index, length: m[0].length, anchor: t.anchor, term: t.term };
			}
			if (!best) return out + escapeHtml(rest);
			linkedTerms.add(best.term);
			const word = rest.slice(best.index, best.index + best.length);
			out += `${escapeHtml(rest.slice(0, best.index))}<a class="glossary-term" href="${ctx.glossaryHref}#${best.anchor}">${escapeHtml(word)}</a>`;
			rest = rest.slice(best.index + best.length);
		}
	}

	function resolve(href: string): string {
		const rel = courseRelativePath(href);
		if (rel === null || rel === '') return href;
		const hash = href.includes('#') ? href.slice(href.indexOf('#')) : '';
		if (rel.startsWith('assets/')) return `${ctx.assetBase}/${rel.slice('assets/'.length).split('/').map(encodeURIComponent).join('/')}`;
		return (ctx.lessonHref(rel) ?? href) + hash;
	}

	const marked = new Marked({ gfm: true, breaks: false });
	marked.use({
		renderer: {
			heading(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, { tokens, depth }: Tokens.Heading) {
				suppressGlossary++;
				const inner = this.parser.parseInline(tokens);
				suppressGlossary--;
				const level = Math.min(6, Math.max(2, depth));
				const base = slugify(inner);
				const n = usedAnchors.get(base) ?? 0;
				usedAnchors.set(base, n + 1);
				const id = n ? `${base}-${n}` : base;
				headings.push({ id, text: inner.replace(/<[^>]*>/g, ''), depth: level });
				return `<h${level} id="${id}">${inner}</h${level}>\n`;
			},
			link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, { href, title, tokens }: Tokens.Link) {
				suppressGlossary++;
				const inner = this.parser.parseInline(tokens);
				suppressGlossary--;
				const t = title ? ` title="${escapeHtml(title)}"` : '';
				return `<a href="${escapeHtml(resolve(href))}"${t}>${inner}</a>`;
			},
			table(this: { parser: unknown }, token: Tokens.Table) {
				// A wide table scrolls in its own region at narrow widths (WCAG 1.4.10); focusable and named so
				// keyboard users can scroll it (axe: scrollable-region-focusable).
				const inner = Renderer.prototype.table.call(this as never, token);
				return `<div class="table-scroll" role="region" tabindex="0" aria-label="${escapeHtml(ctx.tableLabel ?? 'Tabelle')}">${inner}</div>`;
			},
			image({ href, title, text }: Tokens.Image) {
				const t = title ? ` title="${escapeHtml(title)}"` : '';
				return `<img src="${escapeHtml(resolve(href))}" alt="${escapeHtml(text)}"${t} loading="lazy">`;
			},
			text(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Text | Tokens.Escape) {
				if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
				if ('escaped' in token && token.escaped) return token.text;
				return linkGlossary(token.text);
			}
		}
	});

	return {
		/** Starts a new document (a lesson): anchors, outline and glossary links begin afresh. */
		reset() {
			usedAnchors = new Map();
			linkedTerms = new Set();
			headings = [];
		},
		headings: () => headings,
		block: (md: string) => sanitize(marked.parse(md, { async: false })),
		inline: (md: string) => sanitize(marked.parseInline(md, { async: false })),
		/** Inline Markdown without glossary links (labels, options: a link inside a label would steal the click). */
		label(md: string) {
			suppressGlossary++;
			try {
				return sanitize(marked.parseInline(md, { async: false }));
			} finally {
				suppressGlossary--;
			}
		},
		resolve
	};
}
export type MarkdownRenderer = ReturnType<typeof createMarkdown>;
