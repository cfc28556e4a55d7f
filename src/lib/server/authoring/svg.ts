/**
 * SVG is a document format that can carry scripts, event handlers, embedded HTML and references to other
 * documents. We refuse such files rather than rewrite them (docs/decisions/008-course-assets.md): a
 * sanitiser that silently drops parts can change a diagram without anyone noticing, and a refusal that
 * names the problem lets the trainer export a plain drawing instead. Everything here errs on refusing.
 *
 * The problem names what was found, for a message in the user's language.
 */
export type SvgProblem =
	| { code: 'entities' | 'stylesheet' | 'handler' | 'script-link' }
	| { code: 'element'; name: string }
	| { code: 'reference'; target: string };

const FORBIDDEN_ELEMENTS = ['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'audio', 'video', 'animation', 'set', 'animate'];

/** Numeric character references decoded, so `&#106;avascript:` is seen as what it is. */
const decodeRefs = (s: string) =>
	s.replace(/&#(x[0-9a-f]+|\d+);?/gi, (_, n: string) => {
		const code = n[0] === 'x' || n[0] === 'X' ? parseInt(n.slice(1), 16) : parseInt(n, 10);
		return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
	});

export function svgProblem(text: string): SvgProblem | undefined {
	if (/<!DOCTYPE[^>]*\[|<!ENTITY/i.test(text)) return { code: 'entities' };
	if (/<\?xml-stylesheet/i.test(text)) return { code: 'stylesheet' };
	for (const el of FORBIDDEN_ELEMENTS) {
		if (new RegExp(`<\\s*([a-z][\\w.-]*:)?${el}[\\s/>]`, 'i').test(text)) return { code: 'element', name: el === 'foreignobject' ? 'foreignObject' : el };
	}
	// Event handler attributes: on… = inside a tag.
	if (/<[^>]*\son[a-z]+\s*=/i.test(text)) return { code: 'handler' };
	const flat = decodeRefs(text).replace(/[\s\u0000-\u001f]+/g, '');
	if (/(?:java|vb)script:/i.test(flat)) return { code: 'script-link' };
	if (/data:(?!image\/(?:png|jpe?g|gif|webp);)/i.test(flat)) return { code: 'script-link' };
	// Links and references to other documents (href, xlink:href, src, url(...)) may only point inside the file.
	for (const m of text.matchAll(/\s(?:xlink:)?(?:href|src)\s*=\s*(["'])(.*?)\1/gis)) {
		const target = decodeRefs(m[2]!).trim();
		if (target && !target.startsWith('#') && !/^data:image\/(?:png|jpe?g|gif|webp);/i.test(target)) return { code: 'reference', target: target.slice(0, 60) };
	}
	for (const m of text.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gis)) {
		const target = decodeRefs(m[2]!).trim();
		if (!target.startsWith('#') && !/^data:image\/(?:png|jpe?g|gif|webp);/i.test(target)) return { code: 'reference', target: target.slice(0, 60) };
	}
	if (/@import/i.test(text)) return { code: 'stylesheet' };
	return undefined;
}
