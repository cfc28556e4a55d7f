import { m } from '$lib/paraglide/messages';

/** Labels for course vocabulary, shared by the learner pages. */
export const langLabel = (lang: string) => (lang === 'en' ? m.course_lang_en() : m.course_lang_de());

export const certificateLabel = (kind: string) =>
	kind === 'zertifikat' ? m.course_certificate_zertifikat() : m.course_certificate_teilnahmebescheinigung();

export const calloutLabel = (type: string) =>
	type === 'warning' ? m.course_callout_warning() : type === 'tip' ? m.course_callout_tip() : m.course_callout_info();

/** Workload in UE, German style with a decimal comma in German. */
export const formatUe = (ue: number, locale: string) => ue.toLocaleString(locale === 'en' ? 'en-GB' : 'de-DE');
