import type { Locale } from '../db/schema';
import type { DbOrTx } from '../db';
import { getSetting, type AccessibilityStatement } from '../settings';
import { renderLegalMarkdown } from './markdown';
import datenschutzDe from './defaults/datenschutz.de.md?raw';
import datenschutzEn from './defaults/datenschutz.en.md?raw';
import enforcementDe from './defaults/enforcement.de.md?raw';
import enforcementEn from './defaults/enforcement.en.md?raw';
import knownIssuesDe from './defaults/known-issues.de.md?raw';
import knownIssuesEn from './defaults/known-issues.en.md?raw';

export type LegalPage = 'impressum' | 'datenschutz';

/**
 * Built-in texts used while the operator has written none. The privacy notice describes what the software
 * really processes; the operator still has to name the controller and DPO (the page says so). The
 * Impressum has no default: only the operator can say who they are, so the page lists what it must contain.
 */
const DEFAULTS: Record<LegalPage | 'enforcement' | 'knownIssues', Record<Locale, string>> = {
	impressum: { de: '', en: '' },
	datenschutz: { de: datenschutzDe, en: datenschutzEn },
	enforcement: { de: enforcementDe, en: enforcementEn },
	knownIssues: { de: knownIssuesDe, en: knownIssuesEn }
};

/** The operator's text in the reader's language, else in German (the operator's language), else the default. */
function pick(stored: { de: string; en: string }, locale: Locale, fallback: Record<Locale, string>) {
	const own = stored[locale].trim() || stored.de.trim();
	return own ? { source: own, isDefault: false } : { source: fallback[locale], isDefault: true };
}

export async function legalPage(db: DbOrTx, page: LegalPage, locale: Locale) {
	const stored = await getSetting(db, page === 'impressum' ? 'legal_impressum' : 'legal_datenschutz');
	const { source, isDefault } = pick(stored, locale, DEFAULTS[page]);
	return { html: renderLegalMarkdown(source), isDefault };
}

export async function accessibilityStatement(db: DbOrTx, locale: Locale) {
	const s: AccessibilityStatement = await getSetting(db, 'accessibility_statement');
	const issues = pick(s.knownIssues, locale, DEFAULTS.knownIssues);
	const enforcement = pick(s.enforcement, locale, DEFAULTS.enforcement);
	return {
		status: s.status,
		preparedOn: s.preparedOn,
		method: s.method,
		knownIssuesHtml: renderLegalMarkdown(issues.source),
		enforcementHtml: renderLegalMarkdown(enforcement.source),
		isDefault: issues.isDefault || enforcement.isDefault
	};
}
