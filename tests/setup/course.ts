import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DbOrTx } from '../../src/lib/server/db';
import { getLiveCourse } from '../../src/lib/server/courses/cache';
import { FIXTURE_ID, fixtureFiles } from '../../src/lib/server/courses/fixtures';
import { importCourseFolder } from '../../src/lib/server/courses/import';

/**
 * Imports the fixture course under another id, slug and title, so a test file can have several courses.
 * Returns the course id.
 */
export async function importTestCourse(db: DbOrTx, opts: { id?: string; slug?: string; title?: string } = {}): Promise<string> {
	const id = opts.id ?? FIXTURE_ID;
	const slug = opts.slug ?? 'probekurs';
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-course-'));
	try {
		const dir = path.join(root, slug);
		for (const [name, bytes] of fixtureFiles()) {
			let content: string | Uint8Array = bytes;
			if (name === 'course.md') {
				content = new TextDecoder()
					.decode(bytes)
					.replace(`id: ${FIXTURE_ID}`, `id: ${id}`)
					.replace('slug: probekurs', `slug: ${slug}`)
					.replace('title: Probekurs', `title: ${opts.title ?? 'Probekurs'}`);
			}
			fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
			fs.writeFileSync(path.join(dir, name), content);
		}
		await importCourseFolder(db, dir);
		const live = await getLiveCourse(db, slug);
		if (!live) throw new Error(`test course ${slug} not imported`);
		return live.course.id;
	} finally {
		fs.rmSync(root, { recursive: true, force: true });
	}
}
