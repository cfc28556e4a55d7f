import { describe, expect, it } from 'vitest';
import { ConfigError, demoDataEnabled, loadConfig } from './config';

describe('config', () => {
	it('defaults to the embedded database on port 3000 with demo data', () => {
		const c = loadConfig({});
		expect(c.DATABASE_URL).toBeUndefined();
		expect(c.origin).toBe('http://localhost:3000');
		expect(c.secureCookies).toBe(false);
		expect(demoDataEnabled(c)).toBe(true);
	});

	it('creates no demo accounts in production on PostgreSQL', () => {
		const c = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@h/db', ORIGIN: 'https://lern.example' });
		expect(demoDataEnabled(c)).toBe(false);
		expect(c.secureCookies).toBe(true);
	});

	it('names the offending variable', () => {
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
		expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
	});

	it('keeps mails in the outbox without SMTP and derives the sender from the public address', () => {
		const dev = loadConfig({ ORIGIN: 'https://lernen.example.de', SMTP_URL: '' });
		expect(dev.SMTP_URL).toBeUndefined();
		expect(dev.mailFrom).toBe('Lernbrücke <noreply@lernen.example.de>');
		const prod = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example:465', MAIL_FROM: 'Kurse <kurse@example.org>' });
		expect(prod.mailFrom).toBe('Kurse <kurse@example.org>');
		expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
	});

	it('runs scheduled jobs every 15 minutes unless told otherwise, and 0 switches them off', () => {
		expect(loadConfig({}).SCHEDULER_INTERVAL_SECONDS).toBe(900);
		expect(loadConfig({ SCHEDULER_INTERVAL_SECONDS: '0' }).SCHEDULER_INTERVAL_SECONDS).toBe(0);
		expect(() => loadConfig({ SCHEDULER_INTERVAL_SECONDS: '2' })).toThrow(/SCHEDULER_INTERVAL_SECONDS/);
		expect(() => loadConfig({ SCHEDULER_INTERVAL_SECONDS: 'hourly' })).toThrow(/SCHEDULER_INTERVAL_SECONDS/);
	});

	it('completes erasure requests after 30 days unless configured otherwise', () => {
		expect(loadConfig({}).ERASURE_DELAY_DAYS).toBe(30);
		expect(loadConfig({ ERASURE_DELAY_DAYS: '0' }).ERASURE_DELAY_DAYS).toBe(0);
		expect(() => loadConfig({ ERASURE_DELAY_DAYS: '-1' })).toThrow(/ERASURE_DELAY_DAYS/);
	});
});
