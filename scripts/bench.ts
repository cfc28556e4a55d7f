// `npm run bench`: runs every benchmark the project has — each `bench:<name>` script in package.json, so a
// new benchmark is included by adding its script — one after another (they share the machine), prints
// their output, and writes a table of every figure with its target to bench/results/latest.md.
//
// Figures are read from the benchmarks' output: a line that names a target ("… (target p95 < 30 ms)") is a
// figure. A benchmark may also print `::figure:: {"name": …, "value": …, "target": …, "met": true|false}`
// lines for an exact row. BENCH_DATABASE_URL=postgres://… is passed on: benchmarks that support it run on
// PostgreSQL, as production does. BENCH_ONLY=pages,xapi runs a subset.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const names = Object.keys(pkg.scripts)
	.filter((s) => s.startsWith('bench:'))
	.map((s) => s.slice('bench:'.length))
	.filter((n) => !only || only.includes(n));

interface Figure {
	bench: string;
	name: string;
	value: string;
	target: string;
	met: boolean | null;
}

export function parseFigures(bench: string, output: string): Figure[] {
	const figures: Figure[] = [];
	for (const raw of output.split('\n')) {
		const line = raw.trim();
		if (line.startsWith('::figure::')) {
			try {
				const f = JSON.parse(line.slice('::figure::'.length)) as Partial<Figure>;
				figures.push({ bench, name: String(f.name), value: String(f.value), target: String(f.target ?? ''), met: typeof f.met === 'boolean' ? f.met : null });
			} catch {
				/* not a figure */
			}
			continue;
		}
		const t = /\((?:target|Ziel)[: ]\s*([^)]*)\)/i.exec(line);
		if (t) figures.push({ bench, name: line.replace(t[0], '').trim(), value: '', target: t[1]!.trim(), met: null });
	}
	return figures;
}

function run(name: string): Promise<{ code: number; output: string; seconds: number }> {
	const started = performance.now();
	return new Promise((resolve) => {
		const child = spawn('npm', ['run', '--silent', `bench:${name}`], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const take = (d: Buffer) => {
			process.stdout.write(d);
			output += d.toString();
		};
		child.stdout.on('data', take);
		child.stderr.on('data', take);
		child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }));
	});
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const results: { name: string; code: number; seconds: number; figures: Figure[]; output: string }[] = [];
	for (const name of names) {
		console.log(`\n=== bench:${name}\n`);
		const r = await run(name);
		results.push({ name, code: r.code, seconds: r.seconds, figures: parseFigures(name, r.output), output: r.output });
	}
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	const lines = [
		'# Benchmark results',
		'',
		`${new Date().toISOString()} · Node ${process.version} · ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}) · ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite unless a benchmark says otherwise'}`,
		'',
		'Written by `npm run bench`. Figures are measurements on this machine, not pass/fail tests.',
		'',
		'| Benchmark | Figure | Target | Met |',
		'|---|---|---|---|',
		...results.flatMap((r) =>
			r.figures.length
				? r.figures.map((f) => `| ${r.name} | ${esc(f.value ? `${f.name}: ${f.value}` : f.name)} | ${esc(f.target)} | ${f.met === null ? '' : f.met ? 'yes' : 'no'} |`)
				: [`| ${r.name} | ${r.code === 0 ? '(no figure with a target printed)' : `failed (exit ${r.code})`} | | |`]
		),
		'',
		'## Full output',
		'',
		...results.flatMap((r) => [`### bench:${r.name} (${r.seconds.toFixed(0)} s, exit ${r.code})`, '', '```', r.output.trim(), '```', ''])
	];
	const out = path.join(root, 'bench', 'results', 'latest.md');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, lines.join('\n'));
	console.log(`\nWrote ${path.relative(root, out)} (${results.reduce((n, r) => n + r.figures.length, 0)} figures from ${results.length} benchmarks).`);
	process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
}
