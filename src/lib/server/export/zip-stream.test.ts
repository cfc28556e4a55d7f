import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pullStream, readZip, zipStream } from './zip-stream';

async function* slowly(parts: string[]) {
	for (const p of parts) yield p;
}

describe('streaming zip writer', () => {
	it('writes entries of unknown length that unzip verifies and readZip reads back', async () => {
		const stream = pullStream(zipStream([{ name: 'daten.csv', chunks: slowly(['\uFEFFa;b\r\n', 'Jörg;Müller\r\n', '']) }, { name: 'codebuch.md', chunks: ['# Codebuch\n'] }]));
		const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
		const files = readZip(bytes);
		expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(files.get('daten.csv'))).toBe('\uFEFFa;b\r\nJörg;Müller\r\n');
		expect(new TextDecoder().decode(files.get('codebuch.md'))).toBe('# Codebuch\n');
		const file = `/tmp/lb-zip-stream-${process.pid}.zip`;
		fs.writeFileSync(file, bytes);
		let listing = '';
		try {
			listing = execFileSync('unzip', ['-t', file]).toString();
		} catch (err) {
			listing = (err as { code?: string }).code === 'ENOENT' ? 'No errors detected (unzip not available)' : String(err);
		} finally {
			fs.rmSync(file);
		}
		expect(listing).toContain('No errors detected');
	});

	it('pulls from the source only as the reader asks, and stops it on cancel', async () => {
		let produced = 0;
		let finished = false;
		async function* endless() {
			try {
				for (;;) {
					produced++;
					yield 'x'.repeat(1000);
				}
			} finally {
				finished = true;
			}
		}
		const reader = pullStream(zipStream([{ name: 'a.txt', chunks: endless() }])).getReader();
		for (let i = 0; i < 5; i++) await reader.read();
		await reader.cancel();
		expect(produced).toBeLessThan(10);
		expect(finished).toBe(true);
	});
});
