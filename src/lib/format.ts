/** Dates for people: in their language, in German local time (the platform serves German institutions). */
// Formatters are cached: creating an Intl.DateTimeFormat costs far more than using one (10,000 invitation
// mails in one import format 10,000 dates).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, withTime: boolean): Intl.DateTimeFormat {
	const lang = locale === 'en' ? 'en-GB' : 'de-DE';
	const key = `${lang}|${withTime}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'Europe/Berlin' });
		formatters.set(key, f);
	}
	return f;
}

export function formatDateTime(iso: string | Date, locale: string): string {
	return formatter(locale, true).format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function formatDate(iso: string | Date, locale: string): string {
	return formatter(locale, false).format(typeof iso === 'string' ? new Date(iso) : iso);
}
