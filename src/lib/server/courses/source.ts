import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/**
 * Splits one Markdown file of a course into front matter and segments (Markdown text and fenced blocks),
 * and parses YAML so that every problem can be reported at its line and column in the Markdown file —
 * not at a line inside the front matter or the block.
 */

export interface Problem {
	/** Path relative to the course folder, e.g. `03-anerkennung.md` or `translations/en/course.md`. */
	file: string;
	line: number;
	column: number;
	message: string;
}

export type PathSegment = string | number;

/** A parsed YAML text that knows where each of its values sits in the enclosing file. */
export interface YamlValue {
	data: unknown;
	/** Line and column (1-based, in the file) of the value at `path`, or of its key when `key` is set. */
	locate(path: readonly PathSegment[], key?: boolean): { line: number; column: number };
}

export interface RawMarkdown {
	type: 'markdown';
	text: string;
	/** Line of the segment's first line in the file. */
	line: number;
}
export interface RawBlock {
	type: 'block';
	/** First word of the info string (`quiz`, `callout` …). */
	kind: string;
	/** The rest of the info string (a callout's type and title). */
	info: string;
	content: string;
	/** Line of the opening fence. */
	line: number;
	yaml?: YamlValue;
}
export type RawSegment = RawMarkdown | RawBlock;

export interface SourceFile {
	file: string;
	frontMatter?: YamlValue;
	segments: RawSegment[];
	problems: Problem[];
}

/** Kinds whose content is YAML; a callout's content is Markdown. */
const YAML_BLOCKS = new Set(['quiz', 'incident', 'survey', 'video']);
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/** Decodes bytes as UTF-8, refusing anything that is not (a file saved as Latin-1 would show as mojibake). */
export function decodeUtf8(file: string, bytes: Uint8Array): { text?: string; problem?: Problem } {
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return { text: text.replace(/\r\n?/g, '\n') };
	} catch {
		const offset = firstInvalidUtf8(bytes);
		const before = new TextDecoder().decode(bytes.subarray(0, offset));
		const lines = before.split('\n');
		return {
			problem: {
				file,
				line: lines.length,
				column: lines[lines.length - 1]!.length + 1,
				message: 'file is not UTF-8 (save it as UTF-8)'
			}
		};
	}
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (for the error position). */
function firstInvalidUtf8(b: Uint8Array): number {
	let i = 0;
	while (i < b.length) {
		const c = b[i]!;
		const n = c < 0x80 ? 0 : c >> 5 === 6 ? 1 : c >> 4 === 14 ? 2 : c >> 3 === 30 ? 3 : -1;
		if (n < 0) return i;
		for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
		i += n + 1;
	}
	return b.length;
}

export function parseSourceFile(file: string, text: string): SourceFile {
	const problems: Problem[] = [];
	const lines = text.split('\n');
	let bodyStart = 0;
	let frontMatter: YamlValue | undefined;
	if (lines[0]?.trim() === '---') {
		const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
		if (end === -1) {
			problems.push({ file, line: 1, column: 1, message: 'front matter is not closed with a line "---"' });
			return { file, segments: [], problems };
		}
		frontMatter = parseYaml(file, lines.slice(1, end).join('\n'), 2, problems);
		bodyStart = end + 1;
	} else {
		problems.push({ file, line: 1, column: 1, message: 'file must start with front matter between "---" lines' });
	}

	const segments: RawSegment[] = [];
	let md: string[] = [];
	let mdLine = bodyStart + 1;
	const flush = () => {
		if (md.some((l) => l.trim())) segments.push({ type: 'markdown', text: md.join('\n'), line: mdLine });
		md = [];
	};
	for (let i = bodyStart; i < lines.length; i++) {
		const open = FENCE.exec(lines[i]!);
		if (!open) {
			if (!md.length) mdLine = i + 1;
			md.push(lines[i]!);
			continue;
		}
		const [, , fence, infoRaw] = open;
		const info = infoRaw!.trim();
		const close = findClosingFence(lines, i + 1, fence!);
		const kind = info.split(/\s+/)[0] ?? '';
		if (!kind || kind === 'text') {
			// A plain code block stays Markdown.
			const last = close === -1 ? lines.length - 1 : close;
			if (!md.length) mdLine = i + 1;
			md.push(...lines.slice(i, last + 1));
			i = last;
			continue;
		}
		flush();
		if (close === -1) {
			problems.push({ file, line: i + 1, column: 1, message: `the ${kind} block is not closed with ${fence}` });
			break;
		}
		const content = lines.slice(i + 1, close).join('\n');
		const block: RawBlock = { type: 'block', kind, info: info.slice(kind.length).trim(), content, line: i + 1 };
		if (YAML_BLOCKS.has(kind)) block.yaml = parseYaml(file, content, i + 2, problems);
		segments.push(block);
		i = close;
		mdLine = close + 2;
	}
	flush();
	return { file, frontMatter, segments, problems };
}

function findClosingFence(lines: string[], from: number, fence: string): number {
	const char = fence[0]!;
	for (let j = from; j < lines.length; j++) {
		const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!);
		if (m && m[1]![0] === char && m[1]!.length >= fence.length) return j;
	}
	return -1;
}

/**
 * Parses YAML whose first line is line `firstLine` of the file. Syntax errors become problems at their
 * position in the file; `locate` maps a path in the parsed value back to a position for schema errors.
 */
export function parseYaml(file: string, text: string, firstLine: number, problems: Problem[]): YamlValue {
	const counter = new LineCounter();
	const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
	const toFile = (offset: number) => {
		const p = counter.linePos(offset);
		return { line: p.line + firstLine - 1, column: p.col };
	};
	for (const e of doc.errors) {
		const at = toFile(e.pos[0]);
		problems.push({ file, ...at, message: `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` });
	}
	const data = doc.errors.length ? undefined : doc.toJS();
	return {
		data,
		locate(path, key = false) {
			const node = findNode(doc, path, key);
			return node?.range ? toFile(node.range[0]) : { line: firstLine, column: 1 };
		}
	};
}

/** The deepest node along `path` (the key node of the last segment when `key` is set). */
function findNode(doc: Document, path: readonly PathSegment[], key: boolean): Node | undefined {
	let node: unknown = doc.contents;
	let found = node as Node | undefined;
	for (let i = 0; i < path.length; i++) {
		const seg = path[i];
		const last = i === path.length - 1;
		if (isMap(node)) {
			const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
			if (!pair) return found;
			if (last && key) return pair.key as Node;
			node = pair.value;
		} else if (isSeq(node) && typeof seg === 'number') {
			node = node.items[seg];
		} else {
			return found;
		}
		if (node && typeof node === 'object' && 'range' in node) found = node as Node;
		else return found;
	}
	return found;
}
