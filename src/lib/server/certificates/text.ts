import { m } from '$lib/paraglide/messages';
import type { Certificate } from '../db/schema';
import { formatCode } from './code';

export type CertLang = 'de' | 'en';

const dateFormats = new Map<CertLang, Intl.DateTimeFormat>();
/** Long dates in German local time ("25. November 2026", "25 November 2026"). */
export function longDate(date: Date, lang: CertLang): string {
	let f = dateFormats.get(lang);
	if (!f) {
		f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'long', timeZone: 'Europe/Berlin' });
		dateFormats.set(lang, f);
	}
	return f.format(date);
}

export const verifyUrl = (origin: string, code: string) => `${origin.replace(/\/$/, '')}/verify/${code}`;

/**
 * Everything a certificate says, in the certificate's own language (not the viewer's): the PDF and the HTML
 * view print the same texts, so neither can say more or less than the other.
 */
export function certificateText(c: Certificate, origin: string) {
	const locale = c.language;
	const ue = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }).format(c.workloadUe);
	const issued = longDate(c.issuedAt, locale);
	return {
		lang: locale,
		kind: c.kind === 'zertifikat' ? m.cert_kind_zertifikat({}, { locale }) : m.cert_kind_teilnahmebescheinigung({}, { locale }),
		confirms: m.cert_confirms({}, { locale }),
		holder: c.holderName,
		completed:
			c.kind === 'zertifikat'
				? m.cert_completed_zertifikat({}, { locale })
				: m.cert_completed_teilnahmebescheinigung({}, { locale }),
		course: c.courseTitle,
		version: m.cert_course_version({ version: String(c.courseVersion) }, { locale }),
		workload: m.cert_workload({ ue }, { locale }),
		assessment: c.assessed ? m.cert_assessed_yes({}, { locale }) : m.cert_assessed_no({}, { locale }),
		outlineHeading: m.cert_outline({}, { locale }),
		lessons: c.outline.lessons,
		objectivesHeading: m.cert_objectives({}, { locale }),
		objectives: c.outline.objectives,
		placeDate: c.place ? m.cert_place_date({ place: c.place, date: issued }, { locale }) : m.cert_issued_on({ date: issued }, { locale }),
		validUntil: c.validUntil ? m.cert_valid_until({ date: longDate(c.validUntil, locale) }, { locale }) : null,
		issuedByHeading: m.cert_issued_by({}, { locale }),
		issuer: c.issuerName,
		signatoryName: c.signatoryName,
		signatoryRole: c.signatoryRole,
		electronic: m.cert_electronic({}, { locale }),
		verifyHint: m.cert_verify_hint({}, { locale }),
		verifyUrl: verifyUrl(origin, c.code),
		codeLabel: m.cert_code({}, { locale }),
		code: formatCode(c.code)
	};
}
export type CertificateText = ReturnType<typeof certificateText>;
