import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { discoverRoutes, isDynamic } from './routes';
import { apiContext, personaAccount } from './authz-helpers';

// Security properties checked over HTTP against the production build. Where a property concerns every
// route (CSRF, headers, redirects) the routes come from the same discovery as the authorisation matrix.

const routes = discoverRoutes();
const cookieOf = async (ctx: APIRequestContext) =>
	(await ctx.storageState()).cookies.find((c) => c.name === 'lb_session')?.value;

test('login rotates the session token: a planted or earlier token never becomes the signed-in session', async ({ playwright, baseURL }) => {
	const ctx = await apiContext(playwright, baseURL!, 'anonymous');
	const planted = 'a'.repeat(32);
	const url = new URL(baseURL!);
	const a = personaAccount('learner');
	const login = await ctx.post('/login', { form: { email: a.email, password: a.password }, headers: { cookie: `lb_session=${planted}` } });
	expect(login.status()).toBe(303);
	const first = await cookieOf(ctx);
	expect(first).toBeTruthy();
	expect(first).not.toBe(planted);

	// Signing in again (e.g. as somebody else on a shared computer) issues a new token and ends the old one.
	const again = await ctx.post('/login', { form: { email: a.email, password: a.password }, headers: { cookie: `lb_session=${first}` } });
	expect([303]).toContain(again.status());
	const second = await cookieOf(ctx);
	expect(second).not.toBe(first);
	const replay = await playwright.request.newContext({ baseURL: baseURL!, extraHTTPHeaders: { cookie: `lb_session=${first}` }, maxRedirects: 0 });
	expect((await replay.get('/account')).status()).toBe(303);
	await replay.dispose();
	await ctx.dispose();
	expect(url.host).toBeTruthy();
});

test('logout invalidates the token on the server, not only in the browser', async ({ playwright, baseURL }) => {
	const ctx = await apiContext(playwright, baseURL!, 'learner');
	const token = await cookieOf(ctx);
	expect((await ctx.get('/account')).status()).toBe(200);
	expect((await ctx.post('/logout', { form: {} })).status()).toBe(303);
	const replay = await playwright.request.newContext({ baseURL: baseURL!, extraHTTPHeaders: { cookie: `lb_session=${token}` }, maxRedirects: 0 });
	const res = await replay.get('/account');
	expect(res.status()).toBe(303);
	expect(res.headers()['location']).toMatch(/^\/login/);
	await replay.dispose();
	await ctx.dispose();
});

test('a password reset link works once; the second use is refused', async ({ playwright, baseURL }) => {
	const admin = await apiContext(playwright, baseURL!, 'admin');
	const email = `reset-${Date.now()}@example.org`;
	expect((await admin.post('/admin/users/new', { form: { name: 'Rita Reset', email, password: 'Alt-Passwort-2026', locale: 'de', roles: 'learner' } })).status()).toBe(303);
	const anon = await apiContext(playwright, baseURL!, 'anonymous');
	expect((await anon.post('/reset', { form: { email } })).status()).toBe(303);

	const list = await (await admin.get('/admin/mail')).text();
	const row = new RegExp(`href="(/admin/mail/\\d+)"[^]*?${email.replace(/[.]/g, '\\.')}|${email.replace(/[.]/g, '\\.')}[^]*?href="(/admin/mail/\\d+)"`).exec(list);
	expect(row, 'reset mail in the outbox').toBeTruthy();
	const mail = await (await admin.get(row![1] ?? row![2]!)).text();
	const link = /\/reset\/[a-z2-7]{32}/.exec(mail)?.[0];
	expect(link).toBeTruthy();

	const form = { password: 'Neues-Passwort-2026', password_repeat: 'Neues-Passwort-2026' };
	const first = await anon.post(link!, { form });
	expect(first.status()).toBe(303);
	const second = await anon.post(link!, { form: { password: 'Drittes-Passwort-2026', password_repeat: 'Drittes-Passwort-2026' } });
	expect(second.status()).not.toBe(303);
	expect(second.status()).toBeLessThan(500);
	const login = await playwright.request.newContext({ baseURL: baseURL!, extraHTTPHeaders: { origin: baseURL!, accept: 'text/html' }, maxRedirects: 0 });
	expect((await login.post('/login', { form: { email, password: 'Drittes-Passwort-2026' } })).status()).not.toBe(303);
	expect((await login.post('/login', { form: { email, password: 'Neues-Passwort-2026' } })).status()).toBe(303);
	for (const c of [admin, anon, login]) await c.dispose();
});

test('the login is rate limited per account, whether or not the account exists', async ({ playwright, baseURL }) => {
	const anon = await apiContext(playwright, baseURL!, 'anonymous');
	const email = `nobody-${Date.now()}@example.org`;
	const statuses: number[] = [];
	for (let i = 0; i < 6; i++) statuses.push((await anon.post('/login', { form: { email, password: 'falsch-falsch' } })).status());
	expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
	expect(statuses[5]).toBe(429);
	await anon.dispose();
});

test('every form action refuses a cross-site post (CSRF), as anonymous and signed in', async ({ playwright, baseURL }) => {
	const evil = { origin: 'https://evil.example', accept: 'text/html' };
	const problems: string[] = [];
	for (const persona of ['anonymous', 'admin'] as const) {
		const ctx = await apiContext(playwright, baseURL!, persona);
		for (const r of routes) {
			const path = isDynamic(r.id) ? r.id.replace(/\[\.\.\.[^\]]+\]/g, 'x/y').replace(/\[[^\]]+\]/g, 'x') : r.id;
			const targets = [
				...r.actions.map((a) => (a === 'default' ? path : `${path}?/${a}`)),
				...r.methods.filter((m) => !['GET', 'HEAD', 'OPTIONS', 'fallback'].includes(m)).map(() => path)
			];
			if (r.id === '/xapi' || r.id.startsWith('/xapi/')) continue; // the LRS accepts cross-origin requests by design
			for (const t of targets) {
				for (const body of [{ form: { a: '1' } }, { multipart: { a: '1' } }]) {
					const res = await ctx.post(t, { ...body, headers: evil });
					if (res.status() !== 403) problems.push(`${persona} POST ${t} (${Object.keys(body)[0]}) → ${res.status()}`);
				}
			}
		}
		await ctx.dispose();
	}
	expect(problems).toEqual([]);
});

test('every page sends a CSP without inline or eval scripts, and the security headers', async ({ request }) => {
	const problems: string[] = [];
	for (const r of routes.filter((r) => r.page && !isDynamic(r.id))) {
		const res = await request.get(r.id, { maxRedirects: 0 });
		const h = res.headers();
		if (res.status() >= 300) continue; // protected pages redirect to /login, which is checked itself
		const csp = h['content-security-policy'] ?? '';
		const script = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
		if (!csp) problems.push(`${r.id}: no CSP`);
		if (/'unsafe-inline'|'unsafe-eval'|\*/.test(script) || !script) problems.push(`${r.id}: script-src ${script}`);
		if (!/frame-ancestors 'none'/.test(csp)) problems.push(`${r.id}: frame-ancestors`);
		if (!/object-src 'none'/.test(csp)) problems.push(`${r.id}: object-src`);
		if (h['x-content-type-options'] !== 'nosniff') problems.push(`${r.id}: nosniff`);
		if (h['x-frame-options'] !== 'DENY') problems.push(`${r.id}: X-Frame-Options`);
		if (!h['referrer-policy']) problems.push(`${r.id}: Referrer-Policy`);
		if (/x-powered-by|server/i.test(Object.keys(h).join(' ')) && /node|express|kit/i.test(`${h['x-powered-by'] ?? ''}${h['server'] ?? ''}`))
			problems.push(`${r.id}: discloses the server`);
	}
	expect(problems).toEqual([]);
});

const EVIL_TARGETS = [
	'https://evil.example/',
	'//evil.example/',
	'/\\evil.example/',
	'/\t/evil.example/',
	'/%09/evil.example/',
	'/%2F%2Fevil.example/',
	'https:evil.example',
	'\\\\evil.example',
	'javascript:alert(1)'
];

function foreign(location: string | undefined, base: string): boolean {
	if (!location) return false;
	if (/[\u0000-\u001f\\]/.test(location)) return true;
	try {
		return new URL(location, base).origin !== new URL(base).origin;
	} catch {
		return true;
	}
}

test('redirect parameters never send anyone to another site (login, language, every page)', async ({ playwright, baseURL }) => {
	const problems: string[] = [];
	const a = personaAccount('learner');
	for (const target of EVIL_TARGETS) {
		const ctx = await apiContext(playwright, baseURL!, 'anonymous');
		const q = encodeURIComponent(target);
		const login = await ctx.post(`/login?redirectTo=${q}`, { form: { email: a.email, password: a.password, redirectTo: target } });
		if (foreign(login.headers()['location'], baseURL!)) problems.push(`login → ${JSON.stringify(login.headers()['location'])}`);
		const lang = await ctx.post('/language', { form: { locale: 'de', redirectTo: target } });
		if (foreign(lang.headers()['location'], baseURL!)) problems.push(`language → ${JSON.stringify(lang.headers()['location'])}`);
		for (const r of routes.filter((r) => r.page && !isDynamic(r.id))) {
			const res = await ctx.get(`${r.id}?redirectTo=${q}&next=${q}&returnTo=${q}&url=${q}`);
			if (foreign(res.headers()['location'], baseURL!)) problems.push(`${r.id} → ${JSON.stringify(res.headers()['location'])}`);
		}
		await ctx.dispose();
	}
	expect(problems).toEqual([]);
});

/** A cell a spreadsheet would run as a formula: starts with = + - @ (or tab/CR), after an optional quote. */
function formulaCells(csv: string): string[] {
	return csv
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.flatMap((line) => line.split(';'))
		.map((cell) => cell.replace(/^"/, ''))
		.filter((cell) => /^[=+\-@\t\r]/.test(cell));
}

test('CSV exports defuse formulas in user-controlled cells (every *.csv route)', async ({ playwright, baseURL }) => {
	const admin = await apiContext(playwright, baseURL!, 'admin');
	const manager = await apiContext(playwright, baseURL!, 'manager');
	const managePage = await (await manager.get('/manage')).text();
	const orgId = /href="\/manage\/([0-9a-f-]{36})"/.exec(managePage)?.[1];
	expect(orgId).toBeTruthy();
	for (const [i, name] of ['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)'].entries()) {
		const res = await admin.post('/admin/users/new', {
			form: { name, email: `formula-${i}-${Date.now()}@example.org`, password: 'Formel-Passwort-2026', locale: 'de', roles: 'learner', organisationId: orgId! }
		});
		expect(res.status()).toBe(303);
	}
	const csvRoutes = routes.filter((r) => r.id.endsWith('.csv'));
	expect(csvRoutes.length).toBeGreaterThan(0);
	for (const r of csvRoutes) {
		const url = r.id.replace('[orgId]', orgId!).replace(/\[[^\]]+\]/g, orgId!);
		const res = await admin.get(url);
		expect(res.status(), url).toBe(200);
		const csv = await res.text();
		if (r.id === '/manage/[orgId]/members.csv') expect(csv).toContain(`'=HYPERLINK`);
		expect(formulaCells(csv), url).toEqual([]);
	}
	await admin.dispose();
	await manager.dispose();
});
