import type { Db } from '../db';
import { deleteDraftFile, draftFileList, renameDraftFile, saveDraftFile } from './drafts';
import { yamlString } from './template';

/** Lesson files are `NN-name.md`; their order is the number. */
const LESSON = /^(\d\d)-([a-z0-9-]+)\.md$/;

export const isLessonFile = (path: string) => LESSON.test(path);

async function paths(db: Db, courseId: string) {
	return (await draftFileList(db, courseId)).map((f) => f.path);
}

/** The same file in each translation folder, so renames and moves keep translations in step. */
const translationsOf = (all: string[], path: string) => all.filter((p) => /^translations\/[^/]+\//.test(p) && p.endsWith(`/${path}`));

export async function addLesson(db: Db, courseId: string, name: string, title: string, userId: string): Promise<string | undefined> {
	const all = await paths(db, courseId);
	const numbers = all.map((p) => LESSON.exec(p)?.[1]).filter(Boolean).map(Number);
	const next = (numbers.length ? Math.max(...numbers) : 0) + 1;
	if (next > 99) return undefined;
	const path = `${String(next).padStart(2, '0')}-${name}.md`;
	const text = `---\nid: ${name}\ntitle: ${yamlString(title)}\n---\n# ${title.replace(/\s+/g, ' ').trim()}\n\n`;
	const saved = await saveDraftFile(db, courseId, path, new TextEncoder().encode(text), 0, userId);
	return saved.ok ? path : undefined;
}

/** Renames the part after the number (the lesson's `id` in its front matter stays: progress is keyed by it). */
export async function renameLesson(db: Db, courseId: string, path: string, name: string, userId: string): Promise<string | undefined> {
	const m = LESSON.exec(path);
	if (!m) return undefined;
	const to = `${m[1]}-${name}.md`;
	if (to === path) return path;
	return db.transaction(async (tx) => {
		const all = (await draftFileList(tx, courseId)).map((f) => f.path);
		if (!(await renameDraftFile(tx, courseId, path, to, userId))) return undefined;
		for (const t of translationsOf(all, path)) await renameDraftFile(tx, courseId, t, t.slice(0, -path.length) + to, userId);
		return to;
	});
}

/** Swaps the numbers of a lesson and its neighbour. */
export async function moveLesson(db: Db, courseId: string, path: string, direction: 'up' | 'down', userId: string): Promise<boolean> {
	const all = await paths(db, courseId);
	const lessons = all.filter((p) => LESSON.test(p)).sort();
	const i = lessons.indexOf(path);
	const j = direction === 'up' ? i - 1 : i + 1;
	if (i < 0 || j < 0 || j >= lessons.length) return false;
	const a = lessons[i]!;
	const b = lessons[j]!;
	const [, na, ra] = LESSON.exec(a)!;
	const [, nb, rb] = LESSON.exec(b)!;
	const newA = `${nb}-${ra}.md`;
	const newB = `${na}-${rb}.md`;
	await db.transaction(async (tx) => {
		// Through a hidden name (the build ignores dot files), in case both lessons share a name part.
		const swap = async (dir: string) => {
			await renameDraftFile(tx, courseId, dir + a, `${dir}.moving-${a}`, userId);
			await renameDraftFile(tx, courseId, dir + b, dir + newB, userId);
			await renameDraftFile(tx, courseId, `${dir}.moving-${a}`, dir + newA, userId);
		};
		await swap('');
		const dirs = new Set(all.filter((p) => /^translations\/[^/]+\//.test(p)).map((p) => /^(translations\/[^/]+\/)/.exec(p)![1]!));
		for (const dir of dirs) if (all.includes(dir + a) || all.includes(dir + b)) await swap(dir);
	});
	return true;
}

export async function deleteLesson(db: Db, courseId: string, path: string): Promise<boolean> {
	if (!LESSON.test(path)) return false;
	return db.transaction(async (tx) => {
		const all = (await draftFileList(tx, courseId)).map((f) => f.path);
		const ok = await deleteDraftFile(tx, courseId, path);
		for (const t of translationsOf(all, path)) await deleteDraftFile(tx, courseId, t);
		return ok;
	});
}
