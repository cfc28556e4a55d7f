import { test, expect, login, demo } from './fixtures';

// The built-in public pages (BITV 2.0 §§ 4 and 7, § 5 DDG, Art. 13 DSGVO) and the admin's editor for them.

test('the accessibility statement follows the EU model and its feedback form reaches the admins', async ({ page, visit, browser }) => {
	await visit('/barrierefreiheit');
	for (const heading of ['Stand der Vereinbarkeit mit den Anforderungen', 'Nicht barrierefreie Inhalte', 'Erstellung dieser Erklärung', 'Barrieren melden und Feedback', 'Schlichtungsverfahren']) {
		await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
	}
	await expect(page.getByText('teilweise vereinbar')).toBeVisible();
	await expect(page.getByRole('link', { name: /Schlichtungsstelle|schlichtungsstelle-bgg/ }).first()).toBeVisible();

	await page.getByRole('button', { name: 'Nachricht senden' }).click();
	await expect(page.getByLabel('Ihre Nachricht')).toHaveAttribute('aria-invalid', 'true');

	const marker = `Fokus unsichtbar ${Date.now()}`;
	await page.getByLabel('Ihre Nachricht').fill(marker);
	await page.getByLabel('Ihre E-Mail-Adresse (freiwillig)').fill('melderin@example.org');
	await page.getByRole('button', { name: 'Nachricht senden' }).click();
	await expect(page.getByText('Nachricht gesendet')).toBeVisible();

	const ctx = await browser.newContext();
	const admin = await ctx.newPage();
	const a = demo('admin');
	await login(admin, a.email, a.password);
	await admin.goto('/admin/mail');
	await admin.getByRole('row').filter({ hasText: 'Rückmeldung zur Barrierefreiheit' }).first().getByRole('link').click();
	await expect(admin.locator('pre')).toContainText(marker);
	await expect(admin.locator('pre')).toContainText('melderin@example.org');
	await ctx.close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the feedback form works as a plain form post', async ({ page }) => {
		await page.goto('/barrierefreiheit?page=/courses');
		await expect(page.getByLabel('Seite oder Kurs (freiwillig)')).toHaveValue('/courses');
		await page.getByLabel('Ihre Nachricht').fill('Ohne JavaScript gesendet');
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		await expect(page.getByText('Nachricht gesendet')).toBeVisible();
	});
});

test('the Leichte-Sprache page is linked from the footer of every page', async ({ page, visit }) => {
	await visit('/login');
	await page.getByRole('navigation', { name: 'Rechtliches' }).getByRole('link', { name: 'Leichte Sprache' }).click();
	await expect(page).toHaveURL('/leichte-sprache');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lern·brücke in Leichter Sprache');
	for (const heading of ['Was ist die Lern·brücke?', 'So finden Sie sich zurecht', 'Barriere·freiheit', 'Mehr in Leichter Sprache']) {
		await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
	}
});

test('the admin writes the Impressum in Markdown; it is published sanitised', async ({ page, visit }) => {
	const a = demo('admin');
	await login(page, a.email, a.password);
	await visit('/admin/legal');
	const impressum = page.locator('form[action="?/impressum"]');
	await impressum
		.getByLabel('Text (Deutsch)')
		.fill('# Anbieter\n\nLandkreis Beispiel, Amtsweg 1\n\n<script>document.title="pwned"</script><img src=x onerror="document.title=1">');
	await impressum.getByRole('button', { name: 'Impressum speichern' }).click();
	await expect(page.getByText('Gespeichert.')).toBeVisible();

	await visit('/impressum');
	await expect(page.getByRole('heading', { level: 2, name: 'Anbieter' })).toBeVisible();
	await expect(page.getByText('Landkreis Beispiel, Amtsweg 1')).toBeVisible();
	await expect(page.getByText('Diese Seite muss noch ausgefüllt werden')).toHaveCount(0);
	await expect(page).toHaveTitle(/Impressum/);
	expect(await page.locator('main script, main img').count()).toBe(0);

	// Leave the page as the other tests expect it.
	await page.goto('/admin/legal');
	await page.locator('form[action="?/impressum"]').getByLabel('Text (Deutsch)').fill('');
	await page.locator('form[action="?/impressum"]').getByRole('button', { name: 'Impressum speichern' }).click();
	await expect(page.getByText('Gespeichert.')).toBeVisible();
});

test('the admin changes the conformance status of the statement', async ({ page }) => {
	const a = demo('admin');
	await login(page, a.email, a.password);
	await page.goto('/admin/legal');
	const form = page.locator('form[action="?/accessibility"]');
	await form.getByLabel('Stand der Vereinbarkeit mit den Anforderungen').selectOption('full');
	await form.getByLabel('Erstellt oder zuletzt überprüft am').fill('2026-12-01');
	await form.getByRole('button', { name: 'Erklärung zur Barrierefreiheit speichern' }).click();
	await expect(page.getByText('Gespeichert.')).toBeVisible();
	await page.goto('/barrierefreiheit');
	await expect(page.getByText('vollständig vereinbar')).toBeVisible();
	await expect(page.getByText(/01\.12\.2026/)).toBeVisible();
	await page.goto('/admin/legal');
	await form.getByLabel('Stand der Vereinbarkeit mit den Anforderungen').selectOption('partial');
	await form.getByRole('button', { name: 'Erklärung zur Barrierefreiheit speichern' }).click();
	await expect(page.getByText('Gespeichert.')).toBeVisible();
});

test('/healthz answers with the database and migration state and nothing secret', async ({ request }) => {
	const res = await request.get('/healthz');
	expect(res.status()).toBe(200);
	const body = await res.json();
	expect(body).toMatchObject({ status: 'ok', database: 'ok', migrations: { current: true }, outbox: { due: 0 }, forwarding: { due: 0 } });
	expect(Object.keys(body).sort()).toEqual(['database', 'forwarding', 'migrations', 'outbox', 'status']);
	expect(res.headers()['cache-control']).toBe('no-store');
});
