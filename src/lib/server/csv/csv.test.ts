import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseCsv } from './read';
import { csvCell, toCsv } from './write';

describe('reading CSV', () => {
	it('drops a UTF-8 byte-order mark', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Name;E-Mail\nJörg;j@x.de')]);
		expect(decodeText(bytes)).toEqual({ text: 'Name;E-Mail\nJörg;j@x.de', encoding: 'utf-8' });
	});

	it('recognises Windows-1252 (Excel on Windows) and converts it', () => {
		// "Jörg Müßig;Büro" in Windows-1252, with a euro sign (0x80) for good measure
		const bytes = new Uint8Array([0x4a, 0xf6, 0x72, 0x67, 0x20, 0x4d, 0xfc, 0xdf, 0x69, 0x67, 0x3b, 0x42, 0xfc, 0x72, 0x6f, 0x80]);
		expect(decodeText(bytes)).toEqual({ text: 'Jörg Müßig;Büro€', encoding: 'windows-1252' });
	});

	it.each([
		['Name;E-Mail;Abteilung', ';'],
		['Name,E-Mail,Unit', ','],
		['Name\tE-Mail\tUnit', '\t'],
		['"Name; full",E-Mail,Unit', ',']
	])('detects the delimiter of %j', (header, expected) => {
		expect(detectDelimiter(header + '\na,b,c')).toBe(expected);
	});

	it('follows RFC 4180 quoting and counts file lines for records spanning several', () => {
		const text = 'name,note\r\n"Meier, Anna","says ""hi""\non two lines"\r\n\r\nBob,plain\n';
		expect(parseCsv(text, ',')).toEqual([
			{ line: 1, fields: ['name', 'note'] },
			{ line: 2, fields: ['Meier, Anna', 'says "hi"\non two lines'] },
			{ line: 5, fields: ['Bob', 'plain'] }
		]);
	});
});

describe('writing CSV', () => {
	it('defuses formulas and quotes what needs it', () => {
		expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
		expect(csvCell('+49 30 1234')).toBe("'+49 30 1234");
		expect(csvCell('-1')).toBe("'-1");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('Müller; Anna')).toBe('"Müller; Anna"');
		expect(csvCell(null)).toBe('');
		expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\uFEFFa;b\r\n1;x\r\n');
	});
});
