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
});
