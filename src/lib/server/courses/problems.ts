import type { z } from 'zod';
import type { PathSegment, Problem, YamlValue } from './source';

/** Collects problems for one file; `at` positions a message at a YAML path (or a fixed line). */
export class ProblemList {
	readonly items: Problem[] = [];

	add(file: string, line: number, column: number, message: string) {
		this.items.push({ file, line, column, message });
	}

	at(file: string, yaml: YamlValue | undefined, path: readonly PathSegment[], message: string, key = false) {
		const pos = yaml ? yaml.locate(path, key) : { line: 1, column: 1 };
		this.add(file, pos.line, pos.column, message);
	}

	/** One problem per zod issue, at the position of the offending value (or of an unknown key). */
	zod(file: string, yaml: YamlValue, error: z.ZodError, prefix = '') {
		for (const issue of error.issues) {
			const path = issue.path as PathSegment[];
			if (issue.code === 'unrecognized_keys') {
				for (const k of issue.keys) this.at(file, yaml, [...path, k], `${prefix}unknown key "${k}"`, true);
				continue;
			}
			const where = path.length ? `${path.join('.')}: ` : '';
			const message =
				issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
			this.at(file, yaml, path, `${prefix}${where}${message}`);
		}
	}

	get ok() {
		return this.items.length === 0;
	}
}

export function formatProblem(p: Problem, base = ''): string {
	const file = base ? `${base.replace(/\/$/, '')}/${p.file}` : p.file;
	return `${file}:${p.line}:${p.column} ${p.message}`;
}

export function sortProblems(problems: Problem[]): Problem[] {
	return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
