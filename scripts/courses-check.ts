// `npm run courses:check [path]`: validates every course folder under path (default ./courses) or the one
// course folder given, prints `file:line:column message` per problem and exits 1 when there is any.
import path from 'node:path';
import { buildFolder, courseFolders } from '../src/lib/server/courses/folder';
import { formatProblem } from '../src/lib/server/courses/problems';

const target = process.argv[2] ?? 'courses';
let folders: string[];
try {
	folders = await courseFolders(target);
} catch (err) {
	console.error(`${target}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : String(err)}`);
	process.exit(2);
}
if (!folders.length) {
	console.error(`${target}: no course folders (a course folder holds course.md)`);
	process.exit(2);
}

let total = 0;
for (const dir of folders) {
	const result = await buildFolder(dir);
	const shown = path.relative(process.cwd(), dir) || '.';
	for (const p of result.problems) console.log(formatProblem(p, shown));
	total += result.problems.length;
	if (!result.problems.length) {
		const v = result.content!;
		const langs = Object.keys(v.variants).join(', ');
		const lessons = v.variants[v.language]!.lessons.length;
		console.error(`ok  ${shown} (${lessons} lessons; ${langs})`);
	}
}
if (total) {
	console.error(`\n${total} problem${total === 1 ? '' : 's'} in ${folders.length} course folder${folders.length === 1 ? '' : 's'}.`);
	process.exit(1);
}
