import { describe, expect, it } from 'vitest';
import { renderTemplate } from './templates';

describe('mail templates', () => {
	it('escapes what people typed in the HTML version and keeps it verbatim in the text', () => {
		const mail = renderTemplate(
			'invitation',
			{ organisation: 'Müller & <Söhne>', unit: null, inviter: 'Mona "M" Managerin', url: 'http://x.example/invite/t?a=1&b=2', expiresAt: new Date('2026-01-01T12:00:00Z') },
			'de'
		);
		expect(mail.subject).toBe('Einladung zu Lernbrücke: Müller & <Söhne>');
		expect(mail.text).toContain('Mona "M" Managerin lädt Sie ein, bei Lernbrücke der Organisation „Müller & <Söhne>“ beizutreten.');
		expect(mail.text).toContain('http://x.example/invite/t?a=1&b=2');
		expect(mail.text).toContain('01.01.2026, 13:00');
		expect(mail.html).toContain('Müller &amp; &lt;Söhne&gt;');
		expect(mail.html).not.toContain('<Söhne>');
		expect(mail.html).toContain('href="http://x.example/invite/t?a=1&amp;b=2"');
	});

	it('writes in the recipient’s language', () => {
		const data = { name: 'Ana', newEmail: 'neu@example.org' };
		expect(renderTemplate('email_change_notice', data, 'en').text).toMatch(/^Hello Ana,/);
		expect(renderTemplate('email_change_notice', data, 'de').text).toMatch(/^Guten Tag Ana,/);
	});
});
