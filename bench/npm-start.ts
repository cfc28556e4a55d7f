import fs from 'node:fs';
import path from 'node:path';

/**
 * The arguments `npm start` gives node (package.json: `node <flags> scripts/start.js`), so that benchmarks
 * run the server the way users do. The flags matter: the heap cap (--max-old-space-size) that keeps exports
 * flat (decision 009) makes V8 collect the old generation far more often, which costs the LRS write path
 * ~20–30 % more server CPU per batch than node's defaults; --heap-growing-percent=100 wins back about half of
 * that and keeps the exports below 250 MB (decision 006, fifth measurement).
 */
export function npmStartArgs(root: string): { args: string[]; flags: string[] } {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
	const args = pkg.scripts.start!.trim().split(/\s+/).slice(1);
	return { args, flags: args.filter((a) => a.startsWith('-')) };
}
