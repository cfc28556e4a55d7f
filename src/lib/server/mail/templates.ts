import { m } from '$lib/paraglide/messages';
import { formatDate, formatDateTime } from '$lib/format';
import type { Locale } from '../db/schema';
import { renderMail, type RenderedMail } from './render';

/** A course in a reminder: its title in the recipient's language and the due day (yyyy-mm-dd). */
export interface ReminderItem {
	course: string;
	dueDate: string;
}

/** One course in a manager's summary: counts only (completion visible, performance invisible). */
export interface SummaryCourse {
	course: string;
	assigned: number;
	started: number;
	completed: number;
	overdue: number;
}

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
	email_change_taken: (d: { name: string; email: string }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_email_taken_subject({}, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [m.mail_email_taken_intro({ email: d.email }, { locale }), m.mail_email_taken_hint({}, { locale })]
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
	assignment_reminder: (
		d: { name: string; organisation: string; due: ReminderItem[]; overdue: ReminderItem[]; url: string },
		locale: Locale
	) =>
		renderMail(
			{
				subject: d.overdue.length ? m.mail_reminder_overdue_subject({}, { locale }) : m.mail_reminder_due_subject({}, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [
					...(d.due.length
						? [
								m.mail_reminder_due_intro({ organisation: d.organisation }, { locale }),
								...d.due.map((i) => `• ${m.mail_reminder_due_item({ course: i.course, date: formatDate(i.dueDate, locale) }, { locale })}`)
							]
						: []),
					...(d.overdue.length
						? [
								m.mail_reminder_overdue_intro({ organisation: d.organisation }, { locale }),
								...d.overdue.map((i) => `• ${m.mail_reminder_overdue_item({ course: i.course, date: formatDate(i.dueDate, locale) }, { locale })}`)
							]
						: [])
				],
				action: { label: m.mail_reminder_action({}, { locale }), url: d.url },
				after: [m.mail_reminder_privacy({}, { locale })]
			},
			locale
		),
	certificate_expiry: (d: { name: string; course: string; validUntil: Date; last: boolean; url: string }, locale: Locale) =>
		renderMail(
			{
				subject: m.mail_cert_expiry_subject({ course: d.course, date: formatDate(d.validUntil, locale) }, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [
					m.mail_cert_expiry_intro({ course: d.course, date: formatDate(d.validUntil, locale) }, { locale }),
					d.last ? m.mail_cert_expiry_last({}, { locale }) : m.mail_cert_expiry_renew({}, { locale })
				],
				action: { label: m.mail_cert_expiry_action({}, { locale }), url: d.url },
				after: [m.mail_cert_expiry_why({}, { locale })]
			},
			locale
		),
	manager_summary: (
		d: { name: string; organisation: string; date: string; period: 'weekly' | 'monthly'; courses: SummaryCourse[]; url: string },
		locale: Locale
	) =>
		renderMail(
			{
				subject:
					d.period === 'weekly'
						? m.mail_summary_subject_weekly({ organisation: d.organisation }, { locale })
						: m.mail_summary_subject_monthly({ organisation: d.organisation }, { locale }),
				greeting: m.mail_greeting({ name: d.name }, { locale }),
				paragraphs: [
					m.mail_summary_intro({ organisation: d.organisation, date: formatDate(d.date, locale) }, { locale }),
					...d.courses.map(
						(c) =>
							`• ${m.mail_summary_item({ course: c.course, assigned: c.assigned, started: c.started, completed: c.completed, overdue: c.overdue }, { locale })}`
					)
				],
				action: { label: m.mail_summary_action({}, { locale }), url: d.url },
				after: [m.mail_summary_privacy({}, { locale }), m.mail_summary_settings({}, { locale })]
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
