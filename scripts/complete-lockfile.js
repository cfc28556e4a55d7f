// Adds lock entries for platform-specific optional packages that the registry this project is installed from
// does not carry (e.g. @lix-js/sdk-darwin-arm64@0.17.0, pulled in by Paraglide's inlang SDK). `npm install`
// silently leaves them out of package-lock.json, and `npm ci` then refuses the lock as "out of sync". The
// entries only name version, os and cpu: on any other platform npm skips them without downloading anything.
// Idempotent; run after `npm install` (`npm run lock:complete`) and before `npm ci` in CI.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages ?? {};

const PLATFORM = /-(darwin|linux|win32|freebsd|android)-(x64|arm64|ia32|arm|riscv64|ppc64|s390x)(?:-(gnu|musl|msvc|gnueabihf))?$/;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
	for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
		const target = `${key ? key + '/' : ''}node_modules/${name}`;
		const hoisted = `node_modules/${name}`;
		if (packages[target] || packages[hoisted]) continue;
		const m = PLATFORM.exec(name);
		if (!m || !/^\d+\.\d+\.\d+/.test(spec)) continue;
		const [, os, cpu, libc] = m;
		packages[hoisted] = {
			version: spec,
			cpu: [cpu],
			...(entry.dev ? { dev: true } : {}),
			...(libc === 'gnu' || libc === 'musl' ? { libc: [libc === 'gnu' ? 'glibc' : 'musl'] } : {}),
			optional: true,
			os: [os]
		};
		added++;
	}
}
if (added) {
	lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
	fs.writeFileSync(file, JSON.stringify(lock, null, '\t') + '\n');
}
console.log(`complete-lockfile: ${added} platform entr${added === 1 ? 'y' : 'ies'} added`);
