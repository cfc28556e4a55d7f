/**
 * CSV for people to open in Excel or LibreOffice: UTF-8 with BOM (so Excel detects the encoding), semicolons
 * (the German Excel default), CRLF. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at
 * the start) get a leading apostrophe — OWASP's advice against CSV injection — because names and unit names
 * come from users.
 */
export function csvCell(value: unknown): string {
	let s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
	if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
	return /[";\r\n,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
	return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

/** Content-Disposition for a download, with an ASCII fallback name and the UTF-8 name (RFC 6266). */
export function attachment(filename: string): string {
	const ascii = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
