import { describe, expect, it } from 'vitest';
import { loginSchema, safeRedirect, signupSchema } from './auth';

describe('safeRedirect', () => {
	it.each([
		['/learn', '/learn'],
		['/admin/users?q=x', '/admin/users?q=x'],
		['//evil.example/x', '/'],
		['https://evil.example', '/'],
		['/\\evil.example', '/'],
		['javascript:alert(1)', '/'],
		['/\t/evil.example/', '/'],
		['/\n/evil.example/', '/'],
		['/courses/a%20b?x=1#y', '/courses/a%20b?x=1#y'],
		[undefined, '/']
	])('%s → %s', (input, expected) => {
		expect(safeRedirect(input)).toBe(expected);
	});
});

describe('sign-up schema', () => {
	it('lower-cases the e-mail and checks the repeated password', () => {
		const ok = signupSchema.safeParse({ name: 'Ana', email: 'Ana@Example.ORG', password: 'abcdefghijk', password_repeat: 'abcdefghijk' });
		expect(ok.success && ok.data.email).toBe('ana@example.org');
		const bad = signupSchema.safeParse({ name: 'Ana', email: 'x', password: 'short', password_repeat: 'other' });
		expect(bad.success).toBe(false);
		const paths = bad.error!.issues.map((i) => i.path[0]);
		expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
	});

	it('explains errors in German by default', () => {
		const bad = loginSchema.safeParse({ email: '', password: '' });
		expect(bad.error?.issues[0]?.message).toBe('Bitte füllen Sie dieses Feld aus.');
	});
});
