// `npm test`: unit and database suites (Vitest; PGlite always, PostgreSQL too when TEST_DATABASE_URL is
// set), then the browser suite (Playwright), both against a fresh production build.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const run = (label, args) => {
	console.log(`\n=== ${label}\n`);
	const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
	return r.status ?? 1;
};

// The build comes first: the resilience tests (tests/integration) kill and restart the production server.
ensureBuild();
const vitest = run('Vitest: unit and database tests', [bin('vitest', 'vitest.mjs'), 'run']);
const playwright = run('Playwright: browser tests', [bin('@playwright/test', 'cli.js'), 'test']);

console.log(`\nVitest ${vitest === 0 ? 'passed' : 'FAILED'}, Playwright ${playwright === 0 ? 'passed' : 'FAILED'}.`);
process.exit(vitest || playwright);
