// Serves the production build for the browser tests on a throw-away embedded database.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = process.env.PGLITE_DIR;
if (dataDir) {
	const parent = path.dirname(dataDir);
	fs.rmSync(parent, { recursive: true, force: true });
	process.on('exit', () => fs.rmSync(parent, { recursive: true, force: true }));
}
// Like `npm start`: adapter-node's body limit above the LRS's own (legal xAPI batches exceed 512 KB).
process.env.BODY_SIZE_LIMIT ??= '64M';
process.chdir(root);
await import(pathToFileURL(path.join(root, 'build', 'index.js')).href);
