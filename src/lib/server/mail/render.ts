import { m } from '$lib/paraglide/messages';
import type { Locale } from '../db/schema';

/**
 * A mail as content blocks, rendered twice from the same source: plain text (what many administration
 * mail clients show) and a small HTML version with inline styles only — no images, fonts or other external
 * resources, so opening a mail reveals nothing to anyone.
 */
export interface MailContent {
	subject: string;
	greeting: string;
	paragraphs: string[];
	/** The one thing to do, as a prominent link; repeated as a plain URL for clients that strip links. */
	action?: { label: string; url: string };
	/** Paragraphs after the action (expiry, "if this was not you …"). */
	after?: string[];
}

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderMail(content: MailContent, locale: Locale): RenderedMail {
	const footer = m.mail_footer({}, { locale });
	const after = content.after ?? [];
	const text = [
		content.greeting,
		...content.paragraphs,
		...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
		...after,
		`-- \n${footer}`
	].join('\n\n');

	const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
	const action = content.action
		? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#0a5375;color:#ffffff;padding:12px 20px;border-radius:6px;font-weight:bold;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` +
			`<p style="margin:0 0 16px;font-size:14px;color:#4a5360">${escapeHtml(m.mail_link_fallback({}, { locale }))}<br><a href="${escapeHtml(content.action.url)}" style="color:#0a5375;word-break:break-all">${escapeHtml(content.action.url)}</a></p>`
		: '';
	const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f5f7">
<div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24">
<div style="background:#ffffff;border:1px solid #d5dae0;border-radius:6px;padding:24px">
<p style="margin:0 0 16px;font-weight:bold;color:#073b54">Lernbrücke</p>
${p(content.greeting)}
${content.paragraphs.map(p).join('\n')}
${action}
${after.map(p).join('\n')}
</div>
<p style="margin:16px 0 0;font-size:13px;color:#4a5360">${escapeHtml(footer)}</p>
</div>
</body>
</html>
`;
	return { subject: content.subject, text, html };
}
