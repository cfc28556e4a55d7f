/**
 * Reading spreadsheet exports as people produce them: Excel saves "CSV" with semicolons in German locales,
 * in Windows-1252 unless told otherwise, sometimes with a UTF-8 byte-order mark; LibreOffice and others use
 * commas or tabs. RFC 4180 quoting (quotes doubled, line breaks inside quotes) is honoured.
 */
export type Encoding = 'utf-8' | 'windows-1252';

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise Windows-1252 (Excel's "CSV" on Windows). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
	let start = 0;
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
	const body = bytes.subarray(start);
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
	} catch {
		return { text: decodeWindows1252(body), encoding: 'windows-1252' };
	}
}

// 0x80–0x9F of Windows-1252 (€, „, “, –, Š …); undefined positions stay as they are. Spelled out because
// Node 20's TextDecoder decodes the 'windows-1252' label as ISO-8859-1, which has control characters there.
const CP1252_HIGH =
	'\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
	'\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
	const parts: string[] = [];
	for (let i = 0; i < bytes.length; i += 8192) {
		const codes = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b));
		parts.push(String.fromCharCode(...codes));
	}
	return parts.join('');
}

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: Delimiter[] = [';', ',', '\t'];

/** The delimiter that splits the header line into the most fields (quoted parts ignored). */
export function detectDelimiter(text: string): Delimiter {
	const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
	const unquoted = firstLine.replace(/"[^"]*"/g, '');
	let best: Delimiter = ',';
	let bestCount = 0;
	for (const d of DELIMITERS) {
		const n = unquoted.split(d).length - 1;
		if (n > bestCount) [best, bestCount] = [d, n];
	}
	return best;
}

/** One record per line of the file; `line` is the file's line number where the record starts (1-based). */
export interface CsvRecord {
	line: number;
	fields: string[];
}

export function parseCsv(text: string, delimiter: Delimiter = detectDelimiter(text)): CsvRecord[] {
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let recordLine = 1;
	let i = 0;
	const n = text.length;
	const endRecord = () => {
		fields.push(field);
		// Lines with nothing in them (trailing newline, blank separators) are not records.
		if (fields.length > 1 || fields[0]!.trim() !== '') records.push({ line: recordLine, fields });
		fields = [];
		field = '';
	};
	while (i < n) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
			field += c;
			i++;
			continue;
		}
		if (c === '"' && field.trim() === '') {
			quoted = true;
			field = '';
			i++;
		} else if (c === delimiter) {
			fields.push(field);
			field = '';
			i++;
		} else if (c === '\r' || c === '\n') {
			endRecord();
			i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
			line++;
			recordLine = line;
		} else {
			field += c;
			i++;
		}
	}
	if (field !== '' || fields.length) endRecord();
	return records;
}
