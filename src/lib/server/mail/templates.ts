import { m } from '$lib/paraglide/messages';
import { formatDateTime } from '$lib/format';
import type { Locale } from '../db/schema';
import { renderMail, type RenderedMail } from './render';

/**
 * Every mail the platform sends, by name. Texts come from messages/*.json (`mail_…`) in the recipient's
 * language, never the language of whoever caused the mail.
 */
export const MAIL_TEMPLATES = {
	password_reset: (d: { name: string; url: string; expiresAt: Date }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_reset_subject({}, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [m.mail_reset_intro({}, { locale })],
				action: { label: m.mail_reset_action({}, { locale }), url: d.url },
				after: [
					m.mail_link_expires({ date: formatDateTime(d.expiresAt, locale) }, { locale }),
					m.mail_reset_not_you({}, { locale })
				]
			},
			locale
		),
	email_change_confirm: (d: { name: string; url: string; newEmail: string; expiresAt: Date }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_email_change_subject({}, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [m.mail_email_change_intro({ email: d.newEmail }, { locale })],
				action: { label: m.mail_email_change_action({}, { locale }), url: d.url },
				after: [
					m.mail_link_expires({ date: formatDateTime(d.expiresAt, locale) }, { locale }),
					m.mail_email_change_not_you({}, { locale })
				]
			},
			locale
		),
	email_change_notice: (d: { name: string; newEmail: string }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_email_notice_subject({}, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [m.mail_email_notice_intro({ email: d.newEmail }, { locale }), m.mail_email_notice_not_you({}, { locale })]
			},
			locale
		),
	invitation: (
		d: { organisation: string; unit: string | null; inviter: string; url: string; expiresAt: Date },
		locale: Locale
	) =>
		renderMail(
			{
				subject: m.mail_invite_subject({ organisation: d.organisation }, { locale }),
				greeting: m.mail_greeting_anonymous({}, { locale }),
				paragraphs: [
					d.unit
						? m.mail_invite_intro_unit({ inviter: d.inviter, organisation: d.organisation, unit: d.unit }, { locale })
						: m.mail_invite_intro({ inviter: d.inviter, organisation: d.organisation }, { locale }),
					m.mail_invite_what({}, { locale })
				],
				action: { label: m.mail_invite_action({}, { locale }), url: d.url },
				after: [m.mail_link_expires({ date: formatDateTime(d.expiresAt, locale) }, { locale }), m.mail_invite_not_expected({}, { locale })]
			},
			locale
		),
	signup_confirm: (d: { name: string; url: string; expiresAt: Date; organisation: string | null }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_signup_subject({}, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [
					d.organisation
						? m.mail_signup_intro_org({ organisation: d.organisation }, { locale })
						: m.mail_signup_intro({}, { locale })
				],
				action: { label: m.mail_signup_action({}, { locale }), url: d.url },
				after: [m.mail_link_expires({ date: formatDateTime(d.expiresAt, locale) }, { locale }), m.mail_signup_not_you({}, { locale })]
			},
			locale
		),
	signup_exists: (d: { name: string; loginUrl: string; resetUrl: string }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_signup_exists_subject({}, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [m.mail_signup_exists_intro({}, { locale }), m.mail_signup_exists_reset({ url: d.resetUrl }, { locale })],
				action: { label: m.mail_signup_exists_action({}, { locale }), url: d.loginUrl },
				after: [m.mail_signup_not_you({}, { locale })]
			},
			locale
		),
	accessibility_feedback: (d: { name: string; email: string; page: string; message: string }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_a11y_feedback_subject({}, { locale }),
				greeting: m.mail_greeting_anonymous({}, { locale }),
				paragraphs: [
					m.mail_a11y_feedback_intro({}, { locale }),
					m.mail_a11y_feedback_from({ name: d.name || '–', email: d.email || '–' }, { locale }),
					...(d.page ? [m.mail_a11y_feedback_page({ page: d.page }, { locale })] : []),
					d.message
				],
				after: [m.mail_a11y_feedback_answer({}, { locale })]
			},
			locale
		)
} satisfies Record<string, (data: never, locale: Locale) => RenderedMail>;

export type MailTemplate = keyof typeof MAIL_TEMPLATES;
export type MailData<T extends MailTemplate> = Parameters<(typeof MAIL_TEMPLATES)[T]>[0];

export function renderTemplate<T extends MailTemplate>(template: T, data: MailData<T>, locale: Locale): RenderedMail {
	return (MAIL_TEMPLATES[template] as (d: MailData<T>, l: Locale) => RenderedMail)(data, locale);
}
