// The framework floor for `npm run bench:pages` (#4): a bare SvelteKit app (bench/kit-floor: adapter-node, no
// hooks, no layout, no database) and a plain node:http server answering the same HTML, each started as its own
// `node` process so that bench:pages measures them with the same load generator in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const KIT_FLOOR_DIR = path.join(root, 'bench', 'kit-floor');
const stamp = path.join(KIT_FLOOR_DIR, 'build', '.build-stamp');
// The app's own sources and the installed versions of kit, svelte, vite and the adapter (the root lock file).
const inputs = [...['src', 'svelte.config.js', 'vite.config.js', 'package.json'].map((p) => path.join(KIT_FLOOR_DIR, p)), path.join(root, 'package-lock.json')];

function newest(p: string): number {
	const stat = fs.statSync(p, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(0, ...fs.readdirSync(p).map((e) => newest(path.join(p, e))));
}

/** Builds bench/kit-floor once (about 10 s) with the root's node_modules; again only when its sources change. */
export function ensureKitFloorBuild() {
	const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
	if (built && inputs.every((i) => newest(i) <= built)) return;
	console.log('Building the bare SvelteKit reference (bench/kit-floor) …');
	// Vite's transform then fails with "Tsconfig not found <root>/.svelte-kit/tsconfig.json" (the root tsconfig
	// extends it); `npm install`'s prepare and the app's build create it, a bare checkout has none.
	if (!fs.existsSync(path.join(root, '.svelte-kit', 'tsconfig.json'))) {
		spawnSync(process.execPath, [path.join(root, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js'), 'sync'], { cwd: root, stdio: 'inherit' });
	}
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: KIT_FLOOR_DIR, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`bench/kit-floor: vite build failed (${r.status})\n${r.stdout}${r.stderr}`);
	fs.writeFileSync(stamp, new Date().toISOString());
}

/** Starts `node <script>` with PORT set and resolves once it prints "Listening on" (as adapter-node does). */
export async function startNode(script: string, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
	const child = spawn(process.execPath, [script], {
		cwd: path.dirname(script),
		env: { ...process.env, ...env, PORT: String(port), HOST: '0.0.0.0', NODE_ENV: 'production' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	process.on('exit', () => child.kill('SIGKILL'));
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening on')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
	});
	return child;
}

export const KIT_FLOOR_SERVER = path.join(KIT_FLOOR_DIR, 'build', 'index.js');
export const PLAIN_HTTP_SERVER = path.join(root, 'bench', 'floor-http-server.js');
