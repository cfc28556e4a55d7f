import { test, expect, demo, login, expectAccessible } from './fixtures';

test('the language switch changes the page language and is remembered in the profile', async ({ page, visit }) => {
	await visit('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Log in' })).toBeVisible();
	await expectAccessible(page);

	// Logging in applies the profile's language (German), which the switch then updates.
	const a = demo('evaluator');
	await page.goto('/login');
	await page.getByLabel('E-mail address').fill(a.email);
	await page.getByRole('textbox', { name: 'Password', exact: true }).fill(a.password);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evaluation');
	await page.getByRole('button', { name: 'Log out' }).click();
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await login(page, a.email, a.password);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
});

test('what someone types before the page script has loaded survives hydration', async ({ page }) => {
	// On a slow line people start typing before the script arrives; hydration used to reset the fields.
	let release!: () => void;
	const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await scriptsHeld;
		await route.continue();
	});
	const a = demo('learner');
	await page.goto('/login', { waitUntil: 'commit' });
	await page.getByLabel('E-Mail-Adresse').fill(a.email);
	await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(a.password);
	release();
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(a.email);
	await expect(page.getByRole('textbox', { name: 'Passwort', exact: true })).toHaveValue(a.password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page).toHaveURL('/learn');
});

test('unknown addresses get a friendly 404 page', async ({ page }) => {
	const response = await page.goto('/gibt-es-nicht');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
	await expect(page.getByRole('link', { name: 'Zur Startseite' })).toBeVisible();
	await expectAccessible(page);
});

test('the footer pages exist and say what the operator must fill in', async ({ page, visit }) => {
	for (const [path, heading] of [
		['/impressum', 'Impressum'],
		['/datenschutz', 'Datenschutzerklärung']
	] as const) {
		await visit(path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expect(page.getByText('Diese Seite muss noch ausgefüllt werden')).toBeVisible();
	}
	await visit('/barrierefreiheit');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erklärung zur Barrierefreiheit');
	await expect(page.getByRole('heading', { name: 'Barrieren melden und Feedback' })).toBeVisible();
});

test('the skip link moves keyboard focus to the main content', async ({ page }) => {
	await page.goto('/');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
	await expect(skip).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
});

test('responses carry a CSP without inline scripts and the other security headers', async ({ request }) => {
	const response = await request.get('/login');
	const h = response.headers();
	const csp = h['content-security-policy']!;
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(h['x-frame-options']).toBe('DENY');
});

test('a cross-site form post is refused; the same post from our origin is accepted', async ({ request, baseURL }) => {
	const a = demo('learner');
	const foreign = await request.post('/login', {
		form: { email: a.email, password: a.password },
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		maxRedirects: 0
	});
	expect(foreign.status()).toBe(403);
	const own = await request.post('/login', {
		form: { email: a.email, password: a.password },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(own.status()).toBe(303);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('login, language switch and logout work as plain forms', async ({ page }) => {
		const a = demo('manager');
		await login(page, a.email, a.password);
		await expect(page).toHaveURL('/manage');
		await expect(page.getByRole('heading', { name: 'Tischlerei Brandt GmbH, Cloppenburg (Demo)' })).toBeVisible();
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.getByRole('button', { name: 'Log out' }).click();
		await expect(page.getByText('You have been logged out.')).toBeVisible();
		await page.getByRole('button', { name: 'Deutsch' }).click();
	});

	test('a wrong password shows the message after a full page load', async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel('E-Mail-Adresse').fill('trainer@lernbruecke.example');
		await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill('nicht richtig');
		await page.getByRole('button', { name: 'Anmelden' }).click();
		await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort stimmen nicht');
	});
});
