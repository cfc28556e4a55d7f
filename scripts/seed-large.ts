// `npm run seed:large -- --learners 10000`: adds synthetic organisations, learners, enrolments, progress,
// attempts and self-assessments to a development or benchmark database. Refuses a production
// configuration, and any database that is not demo-enabled.
import { parseArgs } from 'node:util';
import { config, demoDataEnabled } from '../src/lib/server/config';
import { startDatabase, stopDatabase, getDb } from '../src/lib/server/db';
import { importAllCourses } from '../src/lib/server/courses/import';
import { listLiveVersions } from '../src/lib/server/courses/cache';
import { generateSynthetic } from '../src/lib/server/evaluation/synthetic';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '10000' },
		organisations: { type: 'string', default: '120' },
		statements: { type: 'string' },
		seed: { type: 'string', default: '1' }
	}
});
const learners = Number(values.learners);
const orgCount = Number(values.organisations);
if (!Number.isInteger(learners) || learners < 1 || !Number.isInteger(orgCount) || orgCount < 1) {
	console.error('--learners and --organisations must be positive whole numbers');
	process.exit(2);
}
const c = config();
if (c.NODE_ENV === 'production' || !demoDataEnabled(c)) {
	console.error('Refusing to generate synthetic data: this is a production configuration.');
	process.exit(1);
}
if (values.statements) console.log('Note: --statements is not used yet: the LRS statements table is not part of this build.');
try {
	await startDatabase(c);
	const db = getDb();
	await importAllCourses(db, c.COURSES_DIR);
	const versions = (await listLiveVersions(db)).map((v) => ({ id: v.id, courseId: v.courseId, content: v.content }));
	const started = Date.now();
	const result = await generateSynthetic(db, {
		learners,
		versions,
		createOrganisations: orgCount,
		seed: Number(values.seed),
		onProgress: (done) => process.stdout.write(`\r${done} / ${learners} learners`)
	});
	console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.enrolments} enrolments, ${result.answers} item answers.`);
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	await stopDatabase();
}
