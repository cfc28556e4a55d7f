import { test, expect, demo, login, expectAccessible } from './fixtures';

test('an admin creates an organisation and a user, who can then log in with the assigned role', async ({ page, browser }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await expect(page).toHaveURL('/admin');

	await page.getByRole('link', { name: 'Organisation anlegen' }).click();
	await page.getByRole('button', { name: 'Organisation anlegen' }).click();
	await expect(page.getByRole('alert')).toContainText('Bitte prüfen Sie die markierten Felder.');
	await expectAccessible(page);
	await page.getByLabel('Name der Organisation').fill('Jobcenter Werra-Meißner (Test)');
	await page.getByLabel('Art der Organisation').selectOption('verwaltung');
	await page.getByLabel('Region (Landkreis oder kreisfreie Stadt)').selectOption('06636');
	await page.getByRole('button', { name: 'Organisation anlegen' }).click();
	await expect(page).toHaveURL('/admin/organisations?saved=1');
	await expect(page.getByRole('link', { name: 'Jobcenter Werra-Meißner (Test)' })).toBeVisible();
	await expect(page.getByRole('row', { name: /Jobcenter Werra-Meißner \(Test\)/ })).toContainText('Werra-Meißner-Kreis (Hessen)');

	await page.goto('/admin/users/new');
	await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Jana Jobcenter');
	await page.getByLabel('E-Mail-Adresse').fill('jana@lernbruecke.example');
	await page.getByLabel('Erstes Passwort').fill('kurz');
	await page.getByRole('combobox', { name: 'Organisation', exact: true }).selectOption({ label: 'Jobcenter Werra-Meißner (Test)' });
	await page.getByLabel('Organisationsverwaltung').check();
	await page.getByRole('button', { name: 'Person anlegen' }).click();
	await expect(page.getByText('Das Passwort muss mindestens 10 Zeichen lang sein.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Jana Jobcenter');
	await expect(page.getByLabel('Organisationsverwaltung')).toBeChecked();
	await page.getByLabel('Erstes Passwort').fill('jana ihr passwort');
	await page.getByRole('button', { name: 'Person anlegen' }).click();
	await expect(page.getByRole('status').first()).toContainText('Die Person ist angelegt');
	await expect(page.getByRole('link', { name: 'Jana Jobcenter' })).toBeVisible();

	const ctx = await browser.newContext();
	const jana = await ctx.newPage();
	await login(jana, 'jana@lernbruecke.example', 'jana ihr passwort');
	await expect(jana).toHaveURL('/manage');
	await expect(jana.getByRole('heading', { name: 'Jobcenter Werra-Meißner (Test)' })).toBeVisible();
	await ctx.close();

	// The audit log shows both changes with their author.
	await page.goto('/admin/audit');
	const byAdmin = page.getByRole('row').filter({ hasText: 'Adam Admin' });
	await expect(byAdmin.filter({ hasText: 'user.create' }).filter({ hasText: 'jana@lernbruecke.example' })).toHaveCount(1);
	await expect(byAdmin.filter({ hasText: 'organisation.create' }).filter({ hasText: 'Jobcenter Werra-Meißner (Test)' })).toHaveCount(1);
});

test('an admin deactivates a user after confirming, and that user can no longer log in', async ({ page, browser }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await page.goto('/admin/users/new');
	await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Dora Deaktiviert');
	await page.getByLabel('E-Mail-Adresse').fill('dora@lernbruecke.example');
	await page.getByLabel('Erstes Passwort').fill('doras passwort');
	await page.getByRole('button', { name: 'Person anlegen' }).click();
	await page.getByRole('link', { name: 'Dora Deaktiviert' }).click();

	await page.getByRole('link', { name: 'Konto deaktivieren …' }).click();
	await expect(page.getByText('Konto von Dora Deaktiviert wirklich deaktivieren?')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Ja, deaktivieren' }).click();
	await expect(page.getByText(/Dieses Konto ist seit .* deaktiviert/)).toBeVisible();

	const ctx = await browser.newContext();
	const dora = await ctx.newPage();
	await login(dora, 'dora@lernbruecke.example', 'doras passwort');
	await expect(dora.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort stimmen nicht');
	await ctx.close();
});

test('the user list filters by role and search term', async ({ page, visit }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await visit('/admin/users?role=evaluator');
	await expect(page.getByText('1 Personen gefunden')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Eva Evaluatorin' })).toBeVisible();
	await visit('/admin/users?q=nobody-matches-this&role=unknown-role');
	await expect(page.getByText('Keine Personen gefunden.')).toBeVisible();
});
