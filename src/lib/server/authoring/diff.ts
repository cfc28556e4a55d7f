/** Line diff between two versions of a course, per file, for the version history. */
export type DiffLine = { op: 'same' | 'add' | 'del'; text: string; oldNo?: number; newNo?: number };
export type FileDiff =
	| { path: string; change: 'added' | 'removed' | 'changed'; binary: false; lines: DiffLine[] }
	| { path: string; change: 'added' | 'removed' | 'changed'; binary: true; lines: null }
	| { path: string; change: 'too_large'; binary: false; lines: null };

/** Beyond this many differing lines per side the table of common subsequences gets too big to build. */
const MAX_LINES = 3000;

/**
 * Longest-common-subsequence diff after cutting the common head and tail (edits in a course file are
 * usually local, so what remains is small).
 */
export function diffLines(a: string[], b: string[]): DiffLine[] | null {
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
	const x = a.slice(head, a.length - tail);
	const y = b.slice(head, b.length - tail);
	if (x.length > MAX_LINES || y.length > MAX_LINES) return null;
	const n = x.length;
	const m = y.length;
	const w = m + 1;
	const table = new Uint16Array((n + 1) * w);
	for (let i = n - 1; i >= 0; i--)
		for (let j = m - 1; j >= 0; j--)
			table[i * w + j] = x[i] === y[j] ? table[(i + 1) * w + j + 1]! + 1 : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
	const out: DiffLine[] = [];
	for (let k = 0; k < head; k++) out.push({ op: 'same', text: a[k]!, oldNo: k + 1, newNo: k + 1 });
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && x[i] === y[j]) {
			out.push({ op: 'same', text: x[i]!, oldNo: head + i + 1, newNo: head + j + 1 });
			i++;
			j++;
		} else if (j < m && (i === n || table[i * w + j + 1]! >= table[(i + 1) * w + j]!)) {
			out.push({ op: 'add', text: y[j]!, newNo: head + j + 1 });
			j++;
		} else {
			out.push({ op: 'del', text: x[i]!, oldNo: head + i + 1 });
			i++;
		}
	}
	for (let k = 0; k < tail; k++) out.push({ op: 'same', text: a[a.length - tail + k]!, oldNo: a.length - tail + k + 1, newNo: b.length - tail + k + 1 });
	return out;
}

/** Keeps changed lines with `context` lines around them; runs of unchanged lines between become one gap. */
export function withContext(lines: DiffLine[], context = 3): (DiffLine | { op: 'gap'; count: number })[] {
	const keep = new Array<boolean>(lines.length).fill(false);
	lines.forEach((l, i) => {
		if (l.op === 'same') return;
		for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
	});
	const out: (DiffLine | { op: 'gap'; count: number })[] = [];
	let gap = 0;
	lines.forEach((l, i) => {
		if (keep[i]) {
			if (gap) out.push({ op: 'gap', count: gap });
			gap = 0;
			out.push(l);
		} else gap++;
	});
	if (gap) out.push({ op: 'gap', count: gap });
	return out;
}

const isText = (path: string) => /\.(md|vtt|svg)$/i.test(path);
const decoder = new TextDecoder('utf-8', { fatal: false });
const split = (bytes: Uint8Array) => decoder.decode(bytes).replace(/\r\n/g, '\n').split('\n');
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Per-file differences between two folders; unchanged files are left out. */
export function diffFolders(older: Map<string, Uint8Array>, newer: Map<string, Uint8Array>): FileDiff[] {
	const paths = [...new Set([...older.keys(), ...newer.keys()])].sort();
	const out: FileDiff[] = [];
	for (const path of paths) {
		const a = older.get(path);
		const b = newer.get(path);
		if (a && b && same(a, b)) continue;
		const change = !a ? 'added' : !b ? 'removed' : 'changed';
		if (!isText(path)) {
			out.push({ path, change, binary: true, lines: null });
			continue;
		}
		const lines = diffLines(a ? split(a) : [], b ? split(b) : []);
		out.push(lines ? { path, change, binary: false, lines } : { path, change: 'too_large', binary: false, lines: null });
	}
	return out;
}
