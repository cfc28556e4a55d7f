import { describe, expect, it } from 'vitest';
import { diffFolders, diffLines, withContext } from './diff';

const enc = (s: string) => new TextEncoder().encode(s);

describe('line diff', () => {
	it('marks a changed line as one deletion and one addition, with line numbers on both sides', () => {
		const d = diffLines(['a', 'b', 'c'], ['a', 'B', 'c'])!;
		expect(d).toEqual([
			{ op: 'same', text: 'a', oldNo: 1, newNo: 1 },
			{ op: 'add', text: 'B', newNo: 2 },
			{ op: 'del', text: 'b', oldNo: 2 },
			{ op: 'same', text: 'c', oldNo: 3, newNo: 3 }
		]);
	});

	it('finds inserted lines in the middle without touching the rest', () => {
		const d = diffLines(['1', '2', '3', '4'], ['1', '2', 'neu', '3', '4'])!;
		expect(d.filter((l) => l.op !== 'same')).toEqual([{ op: 'add', text: 'neu', newNo: 3 }]);
	});

	it('folds long unchanged runs into gaps', () => {
		const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
		const b = [...a];
		b[10] = 'x';
		const c = withContext(diffLines(a, b)!, 2);
		expect(c[0]).toEqual({ op: 'gap', count: 8 });
		expect(c.at(-1)).toEqual({ op: 'gap', count: 7 });
	});

	it('lists added, removed and changed files and leaves equal ones out', () => {
		const older = new Map([['course.md', enc('a\nb')], ['01-x.md', enc('x')], ['assets/a.png', enc('1')]]);
		const newer = new Map([['course.md', enc('a\nc')], ['02-y.md', enc('y')], ['assets/a.png', enc('1')]]);
		const d = diffFolders(older, newer);
		expect(d.map((f) => [f.path, f.change])).toEqual([
			['01-x.md', 'removed'],
			['02-y.md', 'added'],
			['course.md', 'changed']
		]);
	});
});
