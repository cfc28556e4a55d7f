/** Dates for people: in their language, in German local time (the platform serves German institutions). */
export function formatDateTime(iso: string | Date, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Berlin'
	}).format(typeof iso === 'string' ? new Date(iso) : iso);
}

export function formatDate(iso: string | Date, locale: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
		dateStyle: 'medium',
		timeZone: 'Europe/Berlin'
	}).format(typeof iso === 'string' ? new Date(iso) : iso);
}
