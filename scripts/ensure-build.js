// Builds the app when build/ is missing or older than its sources, so `npm start` and `npm test` never
// serve a stale build. Plain JavaScript: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'build', '.build-stamp');
const inputs = ['src', 'static', 'messages', 'project.inlang/settings.json', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const ignored = [path.join(root, 'src', 'lib', 'paraglide')];

function newest(p) {
	let stat;
	try {
		stat = fs.statSync(p);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	if (ignored.includes(p)) return 0;
	let max = 0;
	for (const entry of fs.readdirSync(p)) {
		if (entry.endsWith('.test.ts')) continue; // tests are not part of the build
		max = Math.max(max, newest(path.join(p, entry)));
	}
	return max;
}

export function buildIsStale() {
	let built = 0;
	try {
		built = fs.statSync(stamp).mtimeMs;
	} catch {
		return true;
	}
	return inputs.some((i) => newest(path.join(root, i)) > built);
}

export function ensureBuild() {
	if (!buildIsStale()) return;
	console.log('Building Lernbrücke (first start or sources changed; this takes about a minute) …');
	const started = Date.now();
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('\nThe build failed (see above). Nothing was started.');
		process.exit(result.status ?? 1);
	}
	fs.writeFileSync(stamp, new Date().toISOString());
	console.log(`Build finished in ${Math.round((Date.now() - started) / 1000)} s.`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBuild();
