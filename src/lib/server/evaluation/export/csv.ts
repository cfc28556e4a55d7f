import { csvCell } from '../../csv/write';

/**
 * Two CSV dialects. `excel`: what German Excel opens correctly by double-click — UTF-8 *with* BOM (without
 * it Excel reads the file as Windows-1252 and breaks umlauts), `;` as delimiter (the list separator of
 * the German locale; with `,` every row lands in one column) and a decimal comma (with a point, 0.84 is
 * read as text or a date). `plain`: RFC 4180 for R, SPSS, Stata and Python — `,`, decimal point, no BOM.
 * Both use CRLF and quote every cell that contains a delimiter, quote or line break.
 */
export type CsvDialect = 'excel' | 'plain';

export interface CsvFormat {
	delimiter: ';' | ',';
	decimal: ',' | '.';
	bom: boolean;
}

export const CSV_FORMATS: Record<CsvDialect, CsvFormat> = {
	excel: { delimiter: ';', decimal: ',', bom: true },
	plain: { delimiter: ',', decimal: '.', bom: false }
};

export function csvLine(cells: readonly unknown[], f: CsvFormat): string {
	let out = '';
	for (let i = 0; i < cells.length; i++) {
		const v = cells[i];
		if (i) out += f.delimiter;
		// Numbers are written as numbers: the formula guard of csvCell must not turn −0.5 into '−0.5.
		if (typeof v === 'number') out += Number.isFinite(v) ? (f.decimal === ',' ? String(v).replace('.', ',') : String(v)) : '';
		else out += csvCell(v);
	}
	return out + '\r\n';
}

export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[], f: CsvFormat): string {
	return (f.bom ? '\uFEFF' : '') + csvLine(header, f) + rows.map((r) => csvLine(r, f)).join('');
}
