// `npm run seed:large -- --learners 10000 --statements 1000000 --confirm <database>`: adds synthetic
// organisations, learners, enrolments, progress, attempts, self-assessments and the matching xAPI
// statements to a development or benchmark database. Refuses a production configuration, any database
// that is not demo-enabled, and any database not named in --confirm (the PostgreSQL database name, or the
// PGlite directory), so it never lands in the wrong place by an inherited DATABASE_URL.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config, demoDataEnabled } from '../src/lib/server/config';
import { startDatabase, stopDatabase, getDb, databaseOptions } from '../src/lib/server/db';
import { importAllCourses } from '../src/lib/server/courses/import';
import { listLiveVersions } from '../src/lib/server/courses/cache';
import { generateSynthetic } from '../src/lib/server/evaluation/synthetic';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '10000' },
		organisations: { type: 'string', default: '120' },
		statements: { type: 'string' },
		confirm: { type: 'string' },
		seed: { type: 'string', default: '1' }
	}
});
const learners = Number(values.learners);
const orgCount = Number(values.organisations);
const statements = values.statements === undefined ? undefined : Number(values.statements);
if (!Number.isInteger(learners) || learners < 1 || !Number.isInteger(orgCount) || orgCount < 1 || (statements !== undefined && (!Number.isInteger(statements) || statements < 0))) {
	console.error('--learners, --organisations and --statements must be positive whole numbers');
	process.exit(2);
}
const c = config();
if (c.NODE_ENV === 'production' || !demoDataEnabled(c)) {
	console.error('Refusing to generate synthetic data: this is a production configuration.');
	process.exit(1);
}
function targetName(options: ReturnType<typeof databaseOptions>): string {
	return options.driver === 'postgres' ? decodeURIComponent(new URL(options.url).pathname.slice(1)) : path.resolve(options.dataDir ?? '');
}
const target = targetName(databaseOptions(c));
if (!values.confirm || (values.confirm !== target && path.resolve(values.confirm) !== target)) {
	console.error(
		[
			`Refusing to write ${learners} synthetic learners into ${target}: name that database with --confirm.`,
			`  npm run seed:large -- --learners ${learners}${statements !== undefined ? ` --statements ${statements}` : ''} --confirm ${target}`,
			'Use a database of its own (e.g. createdb -h 127.0.0.1 -U postgres lb_bench; DATABASE_URL=postgres://…/lb_bench).'
		].join('\n')
	);
	process.exit(1);
}
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
		// The learning records of every step; with --statements, re-reading sessions fill up to the number.
		statements: statements === 0 ? undefined : { origin: c.origin, target: statements },
		onProgress: (done) => process.stdout.write(`\r${done} / ${learners} learners`)
	});
	console.log(
		`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.enrolments} enrolments, ${result.answers} item answers, ${result.statements} xAPI statements.`
	);
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	await stopDatabase();
}
