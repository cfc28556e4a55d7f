// `npm run courses:import [path]`: imports every course folder under path (default COURSES_DIR, ./courses)
// as a new course version where its content changed. Invalid folders are reported and not imported; the
// last good version stays live. Exits 1 when any folder was invalid.
import { config } from '../src/lib/server/config';
import { DatabaseStartError, getDb, startDatabase, stopDatabase } from '../src/lib/server/db';
import { DataDirLockedError } from '../src/lib/server/db/lock';
import { describeOutcome, importAllCourses } from '../src/lib/server/courses/import';
import { formatProblem } from '../src/lib/server/courses/problems';

const c = config();
const root = process.argv[2] ?? c.COURSES_DIR;
try {
	await startDatabase(c);
} catch (err) {
	if (err instanceof DatabaseStartError && err.cause instanceof DataDirLockedError) {
		console.error(
			[
				`The embedded database is in use by the running server (pid ${err.cause.pid}).`,
				'The server imports the course folders itself every time it starts. Either restart the server,',
				'or stop it, run `npm run courses:import` and start it again. (With PostgreSQL both can run at once.)'
			].join('\n')
		);
	} else console.error(err instanceof Error ? err.message : err);
	process.exit(2);
}
let invalid = 0;
try {
	for (const outcome of await importAllCourses(getDb(), root)) {
		console.log(describeOutcome(outcome));
		for (const p of outcome.problems) console.log(`  ${formatProblem(p, `${root.replace(/\/$/, '')}/${outcome.folder}`)}`);
		if (outcome.status === 'invalid') invalid++;
	}
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	invalid++;
} finally {
	await stopDatabase();
}
process.exitCode = invalid ? 1 : 0;
