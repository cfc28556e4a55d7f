import fs from 'node:fs/promises';
import path from 'node:path';
import { buildCourse, type BuildResult } from './build';

/** Every file under `dir`, keyed by its path relative to `dir` with `/` separators. */
export async function readFolder(dir: string): Promise<Map<string, Uint8Array>> {
	const files = new Map<string, Uint8Array>();
	async function walk(rel: string) {
		const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
		for (const e of entries) {
			const child = rel ? `${rel}/${e.name}` : e.name;
			if (e.isDirectory()) await walk(child);
			else if (e.isFile()) files.set(child, new Uint8Array(await fs.readFile(path.join(dir, child))));
		}
	}
	await walk('');
	return files;
}

/** A course folder is a directory holding course.md (the root `courses/` holds several). */
export async function isCourseFolder(dir: string): Promise<boolean> {
	try {
		return (await fs.stat(path.join(dir, 'course.md'))).isFile();
	} catch {
		return false;
	}
}

/** The course folders below `root`, or `root` itself when it is one. Sorted by name. */
export async function courseFolders(root: string): Promise<string[]> {
	if (await isCourseFolder(root)) return [path.resolve(root)];
	const entries = await fs.readdir(root, { withFileTypes: true });
	return entries
		.filter((e) => e.isDirectory() && !e.name.startsWith('.'))
		.map((e) => path.resolve(root, e.name))
		.sort();
}

export async function buildFolder(dir: string): Promise<BuildResult & { files: Map<string, Uint8Array> }> {
	const files = await readFolder(dir);
	return { ...buildCourse(path.basename(dir), files), files };
}
