// `npm run seed`: empties the development database and creates the demo organisations and accounts again.
// Refuses to run against a production deployment.
import { config, demoDataEnabled } from '../src/lib/server/config';
import { startDatabase, stopDatabase, getDb } from '../src/lib/server/db';
import { resetDatabase, seedDemo, demoBanner } from '../src/lib/server/demo/seed';
import { seedDemoLearning } from '../src/lib/server/demo/learning';
import { importAllCourses } from '../src/lib/server/courses/import';

const c = config();
if (!demoDataEnabled(c)) {
	console.error('Refusing to seed: this is a production configuration (NODE_ENV=production with DATABASE_URL).');
	process.exit(1);
}
try {
	const db = await startDatabase(c);
	console.log(`Resetting ${db.location} …`);
	await resetDatabase(getDb());
	await seedDemo(getDb());
	await importAllCourses(getDb(), c.COURSES_DIR);
	await seedDemoLearning(getDb());
	console.log(`Done.\n\n${demoBanner()}`);
} catch (err) {
	console.error(err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	await stopDatabase();
}
