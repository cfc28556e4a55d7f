import { test, expect, expectAccessible, login, demo } from './fixtures';
import { signUp } from './orgs-helpers';

test.describe('without JavaScript', () => {
	// Both sides work as plain forms and links: the confirmation steps are pages, not dialogs.
	test.use({ javaScriptEnabled: false });

	test('a learner asks for erasure with their password, an admin completes it, and the account is gone', async ({ page, browser }) => {
		const email = 'loesch.lotte@lernbruecke.example';
		const password = 'ein langes passwort';
		await signUp(browser, 'Lotte Löscher', email, password);
		await login(page, email, password);
		await page.goto('/account/data');
		await page.getByRole('link', { name: 'Löschung beantragen …' }).click();
		await expect(page.getByText('Wirklich die Löschung Ihres Kontos beantragen?')).toBeVisible();

		await page.getByLabel('Ihr Passwort').fill('falsches passwort');
		await page.getByRole('button', { name: 'Ja, Löschung beantragen' }).click();
		await expect(page.getByText('Das aktuelle Passwort stimmt nicht.')).toBeVisible();
		await page.getByLabel('Ihr Passwort').fill(password);
		await page.getByRole('button', { name: 'Ja, Löschung beantragen' }).click();
		await expect(page.getByText('Ihr Antrag auf Löschung ist eingegangen.')).toBeVisible();
		await expect(page.getByText(/Sie haben am .* die Löschung Ihres Kontos beantragt\. Sie wird spätestens am .* ausgeführt\./)).toBeVisible();
		await expect(page.getByRole('button', { name: 'Antrag zurückziehen' })).toBeVisible();

		const adminCtx = await browser.newContext({ javaScriptEnabled: false });
		const admin = await adminCtx.newPage();
		const a = demo('admin');
		await login(admin, a.email, a.password);
		await admin.goto('/admin');
		await admin.getByRole('link', { name: 'Löschanträge ansehen' }).click();
		const row = admin.getByRole('row').filter({ hasText: email });
		await expect(row).toBeVisible();
		await row.getByRole('link', { name: 'Löschung für Lotte Löscher ausführen …' }).click();
		await expect(admin.getByText(`Konto und Daten von Lotte Löscher (${email}) endgültig löschen?`)).toBeVisible();
		await admin.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
		await expect(admin.getByText(/Die Löschung ist ausgeführt: \d+ Lerndatensätze entfernt, 0 Zertifikate bleiben prüfbar\./)).toBeVisible();
		await expect(admin.getByRole('row').filter({ hasText: email })).toHaveCount(0);
		await expect(admin.getByRole('table', { name: 'Ausgeführte Löschungen (ohne personenbezogene Daten)' })).toBeVisible();
		await adminCtx.close();

		// The learner's session ended with the account; signing in again is refused like any unknown address.
		await page.goto('/account/data');
		await expect(page).toHaveURL(/\/login/);
		await login(page, email, password);
		await expect(page).toHaveURL(/\/login/);
		await expect(page.getByRole('alert')).toBeVisible();
	});

	test('a learner withdraws the request and keeps the account', async ({ page, browser }) => {
		const email = 'bleib.bernd@lernbruecke.example';
		await signUp(browser, 'Bernd Bleibt', email, 'ein langes passwort');
		await login(page, email, 'ein langes passwort');
		await page.goto('/account/data?confirm=erasure');
		await page.getByLabel('Ihr Passwort').fill('ein langes passwort');
		await page.getByRole('button', { name: 'Ja, Löschung beantragen' }).click();
		await page.getByRole('button', { name: 'Antrag zurückziehen' }).click();
		await expect(page.getByText('Ihr Antrag ist zurückgezogen. Ihr Konto bleibt bestehen.')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Löschung beantragen …' })).toBeVisible();
	});
});

test('the request and admin pages pass axe in each state', async ({ page, browser, visit }) => {
	const email = 'axel.antrag@lernbruecke.example';
	await signUp(browser, 'Axel Antrag', email, 'ein langes passwort');
	await login(page, email, 'ein langes passwort');
	await visit('/account/data?confirm=erasure');
	await page.getByLabel('Ihr Passwort').fill('ein langes passwort');
	await page.getByRole('button', { name: 'Ja, Löschung beantragen' }).click();
	await expect(page.getByRole('button', { name: 'Antrag zurückziehen' })).toBeVisible();
	await visit('/account/data');

	const adminCtx = await browser.newContext();
	const admin = await adminCtx.newPage();
	const a = demo('admin');
	await login(admin, a.email, a.password);
	await admin.goto('/admin/erasure');
	await expectAccessible(admin);
	await admin.getByRole('link', { name: 'Löschung für Axel Antrag ausführen …' }).click();
	await expect(admin.getByRole('button', { name: 'Ja, endgültig löschen' })).toBeVisible();
	await expectAccessible(admin);
	await adminCtx.close();
});
