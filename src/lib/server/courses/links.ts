import { Lexer, marked, type Token } from 'marked';

/**
 * Links and images in a course's Markdown, with their offset in the text, and the rules they follow:
 * images are local assets with alt text (no third-party requests, WCAG 1.1.1); links are http(s), mailto,
 * site-absolute, in-page anchors, or relative to the course folder (assets and lesson files).
 */
export interface FoundLink {
	type: 'link' | 'image';
	href: string;
	text: string;
	offset: number;
}

export function findLinks(markdown: string): FoundLink[] {
	const tokens = new Lexer({ gfm: true }).lex(markdown);
	const found: FoundLink[] = [];
	let cursor = 0;
	marked.walkTokens(tokens as Token[], (t) => {
		if (t.type !== 'link' && t.type !== 'image') return;
		let offset = markdown.indexOf(t.raw, cursor);
		if (offset === -1) offset = Math.max(0, markdown.indexOf(t.href));
		else cursor = offset + 1;
		found.push({ type: t.type, href: t.href, text: t.text, offset });
	});
	return found;
}

/** `./assets/x.svg`, `assets/x.svg` → `assets/x.svg`; null for anything that is not a course-relative path. */
export function courseRelativePath(href: string): string | null {
	if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/') || href.startsWith('#') || href.startsWith('//')) return null;
	const clean = href.split('#')[0]!.split('?')[0]!.replace(/^\.\//, '');
	const parts: string[] = [];
	for (const part of clean.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (!parts.length) return '..'; // leaves the course folder
			parts.pop();
		} else parts.push(decodeURIComponentSafe(part));
	}
	return parts.join('/');
}

function decodeURIComponentSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

export const SAFE_SCHEME = /^(https?:|mailto:)/i;

export type LinkVerdict = { ok: true } | { ok: false; message: string };

export function checkLink(
	link: FoundLink,
	exists: { asset(path: string): boolean; lesson(file: string): boolean }
): LinkVerdict {
	const href = link.href.trim();
	if (link.type === 'image') {
		if (!link.text.trim()) return { ok: false, message: `image ${href} needs alt text: ![what it shows](${href})` };
		const rel = courseRelativePath(href);
		if (rel === null) return { ok: false, message: `image ${href} must be a file in the course's assets/ folder (no third-party requests)` };
		if (!rel.startsWith('assets/') || !exists.asset(rel)) return { ok: false, message: `image ${href} not found in the course's assets/` };
		return { ok: true };
	}
	if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !SAFE_SCHEME.test(href))
		return { ok: false, message: `link ${href}: only http(s), mailto and relative links are allowed` };
	const rel = courseRelativePath(href);
	if (rel === null || rel === '') return { ok: true };
	if (rel.startsWith('assets/')) return exists.asset(rel) ? { ok: true } : { ok: false, message: `broken link ${href}: no such file in assets/` };
	if (/^\d{2}-[a-z0-9-]+\.md$/.test(rel) && exists.lesson(rel)) return { ok: true };
	return { ok: false, message: `broken link ${href}: link to ./assets/… or to a lesson file such as ./02-name.md` };
}

/** Line and column (1-based) of an offset within a text that starts at `firstLine`. */
export function positionIn(text: string, offset: number, firstLine: number): { line: number; column: number } {
	const before = text.slice(0, offset).split('\n');
	return { line: firstLine + before.length - 1, column: before[before.length - 1]!.length + 1 };
}
