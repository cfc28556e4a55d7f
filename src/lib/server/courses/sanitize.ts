import sanitizeHtml from 'sanitize-html';

/**
 * Every piece of HTML made from course Markdown passes through this allow-list before it is cached.
 *
 * Why sanitize-html: it is an allow-list sanitizer (tags, attributes per tag, URL schemes) built on
 * htmlparser2, so it runs on the server without a DOM (DOMPurify needs jsdom there) and adds nothing to the
 * browser bundle. Authors are trusted trainers, but course folders arrive by pull request and, later, from
 * the browser editor: defence in depth against script, event handlers, `javascript:` URLs, forms, iframes
 * and style-based tricks. Only what Markdown (GFM) produces, plus our own glossary links, survives.
 */
const OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: [
		'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'b', 'i', 'del', 's', 'sup', 'sub', 'mark',
		'code', 'pre', 'kbd', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption',
		'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'abbr', 'span', 'input', 'div'
	],
	allowedAttributes: {
		a: ['href', 'title', 'class', 'rel'],
		img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
		h2: ['id'],
		h3: ['id'],
		h4: ['id'],
		h5: ['id'],
		h6: ['id'],
		th: ['align', 'scope'],
		td: ['align'],
		ol: ['start'],
		code: ['class'],
		abbr: ['title'],
		// Only the scroll region the renderer puts around tables (see markdown.ts); the filter below drops other divs.
		div: ['class', 'role', 'tabindex', 'aria-label'],
		// GFM task lists render disabled checkboxes; nothing else may carry an input.
		input: ['type', 'checked', 'disabled']
	},
	allowedClasses: { a: ['glossary-term'], code: [/^language-[a-z0-9-]+$/], div: ['table-scroll'] },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesByTag: { img: [] },
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	exclusiveFilter: (frame) =>
		(frame.tag === 'input' && frame.attribs.type !== 'checkbox') ||
		(frame.tag === 'div' && (frame.attribs.class !== 'table-scroll' || frame.attribs.role !== 'region' || frame.attribs.tabindex !== '0')),
	transformTags: {
		input: (tagName, attribs) => ({ tagName, attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } }),
		a: (tagName, attribs) => {
			// Links leaving the site never pass the page address on and cannot reach back into it.
			const external = /^(https?:)?\/\//i.test(attribs.href ?? '');
			return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer external' } : attribs };
		}
	}
};

export function sanitize(html: string): string {
	return sanitizeHtml(html, OPTIONS);
}
