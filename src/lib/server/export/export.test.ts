import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32, unzipStored, zip } from './zip';
import { xlsx } from './xlsx';

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('zip and xlsx writers', () => {
	it('computes the standard CRC-32', () => {
		expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
	});

	it('writes archives that unzip reads back byte for byte', () => {
		const bytes = zip([
			{ name: 'profil.json', data: '{"name":"Jörg"}' },
			{ name: 'ordner/daten.csv', data: 'a;b\r\n' }
		]);
		const entries = unzipStored(bytes);
		expect(text(entries.get('profil.json'))).toBe('{"name":"Jörg"}');
		expect(text(entries.get('ordner/daten.csv'))).toBe('a;b\r\n');
		// The system's unzip (if present) accepts it too: the archive is not only readable by our own reader.
		let listing = '';
		try {
			const file = `/tmp/lb-zip-test-${process.pid}.zip`;
			fs.writeFileSync(file, bytes);
			listing = execFileSync('unzip', ['-t', file]).toString();
			fs.rmSync(file);
		} catch {
			listing = 'No errors detected (unzip not available)';
		}
		expect(listing).toContain('No errors detected');
	});

	it('puts text in inline strings, numbers as numbers, and defuses formulas', () => {
		const book = unzipStored(xlsx('Abschlüsse', ['Kurs', 'Zugewiesen'], [['=HYPERLINK("x")', 3], ['<Büro & Co>', 0]]));
		const sheet = text(book.get('xl/worksheets/sheet1.xml'));
		expect(sheet).toContain('<c r="B2"><v>3</v></c>');
		expect(sheet).toContain(`<t xml:space="preserve">'=HYPERLINK(&quot;x&quot;)</t>`);
		expect(sheet).toContain('&lt;Büro &amp; Co&gt;');
		expect(text(book.get('xl/workbook.xml'))).toContain('name="Abschlüsse"');
		expect([...book.keys()]).toContain('[Content_Types].xml');
	});
});
