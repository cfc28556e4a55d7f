import { test, expect, expectAccessible, login, demo } from './fixtures';
import { TISCHLEREI, loginAsManager, openOwnOrganisation, signUp } from './orgs-helpers';

test('a manager edits the contact, renames a unit, moves and deactivates a member after confirming', async ({ page, browser, visit }) => {
	test.setTimeout(120_000);
	await signUp(browser, 'Dana Deaktiv', 'dana.deaktiv@tischlerei.example', 'danas passwort 1');
	await loginAsManager(page);
	const base = await openOwnOrganisation(page);

	await page.getByLabel('Telefon der Ansprechperson').fill('abc');
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByText('Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden.')).toBeVisible();
	await page.getByLabel('Name der Ansprechperson').fill('Mona Managerin');
	await page.getByLabel('Telefon der Ansprechperson').fill('+49 4471 1234');
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('status')).toContainText('Die Ansprechperson ist gespeichert.');
	await expect(page.getByLabel('Telefon der Ansprechperson')).toHaveValue('+49 4471 1234');

	await page.getByLabel('Neue Einheit').fill('Büro');
	await page.getByRole('button', { name: 'Einheit anlegen' }).click();
	// The first unit must exist before the duplicate is sent; otherwise the two submissions race.
	await expect(page.getByLabel('Name der Einheit „Büro“')).toBeVisible();
	// The action redirects back to this page; the field is empty again, so a second click adds nothing.
	await expect(page.getByLabel('Neue Einheit')).toHaveValue('');
	await page.getByLabel('Neue Einheit').fill('büro');
	await page.getByRole('button', { name: 'Einheit anlegen' }).click();
	await expect(page.getByText('Eine Einheit mit diesem Namen gibt es schon.')).toBeVisible();
	await page.getByLabel('Name der Einheit „Büro“').fill('Büro und Verwaltung');
	await page.getByRole('button', { name: 'Umbenennen' }).first().click();
	await expect(page.getByLabel('Name der Einheit „Büro und Verwaltung“')).toBeVisible();
	await page.getByRole('button', { name: 'Einschalten: Büro und Verwaltung' }).click();
	await expect(page.getByRole('row', { name: /Büro und Verwaltung/ }).locator('.code')).toHaveText(/^[2-9A-Z]{4}-/);
	await page.getByRole('link', { name: 'Ausschalten (Büro und Verwaltung) …' }).click();
	await expect(page.getByText('Beitrittscode für „Büro und Verwaltung“ ausschalten?')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Abbrechen' }).click();

	// Dana joins with the unit's code, then the manager moves and deactivates her.
	const code = (await page.getByRole('row', { name: /Büro und Verwaltung/ }).locator('.code').innerText()).trim();
	const ctx = await browser.newContext();
	const dana = await ctx.newPage();
	await login(dana, 'dana.deaktiv@tischlerei.example', 'danas passwort 1');
	await dana.goto(`/join/${code}`);
	await expect(dana.getByText(`Einheit „Büro und Verwaltung“`)).toBeVisible();
	await expectAccessible(dana);
	await dana.getByRole('button', { name: `${TISCHLEREI} beitreten` }).click();
	await expect(dana).toHaveURL('/account?saved=joined');

	await visit(`${base}/members`);
	await expect(page.getByRole('combobox', { name: 'Einheit von Dana Deaktiv' })).toHaveValue(/.+/);
	await page.getByRole('combobox', { name: 'Einheit von Dana Deaktiv' }).selectOption({ label: 'keine Einheit' });
	await page.getByRole('button', { name: 'Speichern: Einheit von Dana Deaktiv' }).click();
	await expect(page.getByRole('status')).toContainText('Die Einheit ist geändert.');
	await page.getByRole('link', { name: 'Deaktivieren: Dana Deaktiv' }).click();
	await expect(page.getByText('Konto von Dana Deaktiv wirklich deaktivieren?')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Ja, deaktivieren' }).click();
	await expect(page.getByRole('status')).toContainText('Das Konto ist deaktiviert.');
	await expect(page.getByRole('row', { name: /dana\.deaktiv/ })).toContainText('Deaktiviert');
	// Her session ended at once.
	await dana.goto('/account');
	await expect(dana).toHaveURL(/\/login/);
	await ctx.close();
	// The manager cannot deactivate herself: no such link in her row.
	await expect(page.getByRole('link', { name: 'Deaktivieren: Mona Managerin' })).toHaveCount(0);

	const csv = await page.request.get(`${base}/members.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const text = await csv.text();
	expect(text.startsWith('\uFEFFName;E-Mail;Einheit;Status\r\n')).toBe(true);
	expect(text).toContain('Dana Deaktiv;dana.deaktiv@tischlerei.example;;Deaktiviert');
});

test('admins read the dev outbox from the admin home, text and HTML version', async ({ page, visit }) => {
	await page.goto('/reset');
	await page.getByLabel('E-Mail-Adresse').fill('lernende@lernbruecke.example');
	await page.getByRole('button', { name: 'Link anfordern' }).click();
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await visit('/admin');
	await page.getByRole('link', { name: 'Postausgang ansehen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('E-Mails');
	await expect(page.getByText('Es ist kein Mailserver eingerichtet (SMTP_URL).')).toBeVisible();
	await expectAccessible(page);
	const row = page.getByRole('row').filter({ hasText: 'lernende@lernbruecke.example' }).first();
	await expect(row).toContainText('nicht versendet (kein Mailserver)');
	await row.getByRole('link', { name: 'Neues Passwort für Lernbrücke' }).click();
	await expect(page.locator('pre')).toContainText('Guten Tag Lea Lernende,');
	await expectAccessible(page);
	const html = await page.request.get(page.url() + '/html');
	expect(html.headers()['content-security-policy']).toContain("default-src 'none'");
	expect(await html.text()).toContain('<html lang="de">');
});
