import { getLocale } from '$lib/paraglide/runtime';

/** Numbers in the reader's language (decimal comma in German). */
export function num(v: number | null | undefined, digits = 2): string {
	if (v === null || v === undefined || Number.isNaN(v)) return '–';
	return new Intl.NumberFormat(getLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

export function pct(v: number | null | undefined): string {
	if (v === null || v === undefined) return '–';
	return new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(v);
}

/** A count, or "< k" when it was withheld. */
export const count = (v: number | null | undefined, k: number) => (v === null || v === undefined ? `< ${k}` : String(v));
