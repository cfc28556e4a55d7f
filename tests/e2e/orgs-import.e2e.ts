import { test, expect, expectAccessible } from './fixtures';
import { TISCHLEREI, linkFromOutbox, loginAsManager, openOwnOrganisation, signUp, windows1252 } from './orgs-helpers';


test('the demo manager imports 20 employees from CSV after fixing a bad file, and an invited employee joins from the mail', async ({ page, browser }) => {
	test.setTimeout(180_000);
	// Two people who already have accounts (no organisation yet): they must be matched, not duplicated.
	await signUp(browser, 'Berta Bestand', 'berta.bestand@tischlerei.example');
	await signUp(browser, 'Bodo Bestand', 'bodo.bestand@tischlerei.example');

	await loginAsManager(page);
	const base = await openOwnOrganisation(page);
	await expectAccessible(page);
	await page.getByLabel('Neue Einheit').fill('Werkstatt');
	await page.getByRole('button', { name: 'Einheit anlegen' }).click();
	await expect(page.getByRole('status').first()).toContainText('Die Einheit ist gespeichert.');

	await page.getByRole('link', { name: 'CSV-Import', exact: true }).click();
	await expect(page).toHaveURL(`${base}/import`);
	await expectAccessible(page);

	// A bad file first: Excel's Windows encoding, semicolons, and mistakes in several rows.
	const bad = windows1252(
		['Name;E-Mail;Abteilung', 'Jörg Müßig;joerg@tischlerei.example;Werkstatt', 'Änne Groß;kein-at;Werkstatt', 'Jörg Doppelt;JOERG@tischlerei.example;', 'Lars Lager;lars@tischlerei.example;Lager'].join('\r\n')
	);
	await page.getByLabel('CSV-Datei').setInputFiles({ name: 'mitarbeitende.csv', mimeType: 'text/csv', buffer: bad });
	await page.getByRole('button', { name: 'Datei prüfen' }).click();
	await expect(page.getByRole('alert')).toContainText('3 Probleme – es wurde nichts gespeichert');
	await expect(page.getByText('Erkannt: Zeichensatz WINDOWS-1252, Trennzeichen „;“, 4 Zeilen mit Personen.')).toBeVisible();
	const problems = page.getByRole('table', { name: 'Probleme in der Datei' });
	await expect(problems.getByRole('row').nth(1)).toContainText(['3', 'E-Mail', '„kein-at“ ist keine gültige E-Mail-Adresse.'].join(''));
	await expect(problems.getByRole('row').nth(2)).toContainText('4E-Mailjoerg@tischlerei.example steht schon in Zeile 2.');
	await expect(problems.getByRole('row').nth(3)).toContainText('5AbteilungDie Einheit „Lager“ gibt es nicht.');
	await expect(page.getByRole('button', { name: /importieren/ })).toHaveCount(0);
	await expectAccessible(page);

	// The corrected file: 20 people, 17 new, 2 with accounts, and the manager herself (already a member).
	const rows = ['Vorname,Nachname,E-Mail-Adresse,Abteilung'];
	for (let i = 1; i <= 17; i++) rows.push(`Person,Nummer ${i},person${i}@tischlerei.example,Werkstatt`);
	rows.push('Berta,Bestand,berta.bestand@tischlerei.example,Werkstatt', 'Bodo,Bestand,bodo.bestand@tischlerei.example,', 'Mona,Managerin,manager@lernbruecke.example,');
	await page.getByLabel('CSV-Datei').setInputFiles({ name: 'mitarbeitende.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + rows.join('\n')) });
	await page.getByRole('button', { name: 'Datei prüfen' }).click();
	const ready = page.getByRole('status').filter({ hasText: 'Die Datei ist in Ordnung' });
	await expect(ready).toContainText('19 Personen bekommen eine Einladung.');
	await expect(ready).toContainText('Davon haben 2 schon ein Konto und treten damit bei.');
	await expect(ready).toContainText('1 sind schon Mitglied');
	await expect(page.getByRole('row', { name: /berta\.bestand@tischlerei\.example/ })).toContainText('Einladung (hat schon ein Konto)');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Jetzt alle 20 Zeilen importieren' }).click();
	await expect(page.getByRole('status').first()).toContainText('19 Einladungen verschickt.');

	await page.getByRole('link', { name: 'Zu den Einladungen' }).click();
	await expect(page.getByRole('row', { name: /person17@tischlerei\.example/ })).toContainText('offen');
	await expect(page.getByRole('row').filter({ hasText: '@tischlerei.example' })).toHaveCount(19);
	await expectAccessible(page);

	// The invitation mails are in the dev outbox, and the link works for the invited employee.
	const link = await linkFromOutbox(browser, 'person7@tischlerei.example', 'invite');
	const ctx = await browser.newContext();
	const employee = await ctx.newPage();
	await employee.goto(link);
	await expect(employee.getByText(`Sie sind eingeladen, bei Lernbrücke der Organisation „${TISCHLEREI}“ (Einheit „Werkstatt“) beizutreten.`)).toBeVisible();
	await expect(employee.getByLabel('Name')).toHaveValue('Person Nummer 7');
	await expectAccessible(employee);
	await employee.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('mein sicheres passwort');
	await employee.getByLabel('Neues Passwort wiederholen').fill('mein sicheres passwort');
	await employee.getByRole('button', { name: 'Konto anlegen und beitreten' }).click();
	await expect(employee).toHaveURL('/account?saved=joined');
	await expect(employee.getByRole('status')).toContainText(`Sie gehören jetzt zur Organisation „${TISCHLEREI}“`);
	await expect(employee.getByText('Einheit: Werkstatt')).toBeVisible();
	await expectAccessible(employee);
	// The link is used up.
	await employee.goto(link);
	await expect(employee.getByRole('heading', { level: 1 })).toHaveText('Dieser Link wurde schon verwendet');
	await ctx.close();

	await page.goto(`${base}/members`);
	await expect(page.getByRole('row', { name: /person7@tischlerei\.example/ })).toContainText('Person Nummer 7');
	await expect(page.getByRole('combobox', { name: 'Einheit von Person Nummer 7' })).toHaveValue(/.+/);
	await page.goto(`${base}/invitations`);
	await expect(page.getByRole('row', { name: /person7@tischlerei\.example/ })).toContainText('angenommen');

	// With JavaScript the invitation is sent and the list of addresses is empty again: a second click sends no
	// second mail.
	await page.getByLabel('E-Mail-Adressen').fill('mit-skript@tischlerei.example');
	await page.getByRole('button', { name: 'Einladungen senden' }).click();
	await expect(page.getByRole('status')).toContainText('verschickt');
	await expect(page.getByRole('row', { name: /mit-skript@tischlerei\.example/ })).toHaveCount(1);
	await expect(page.getByLabel('E-Mail-Adressen')).toHaveValue('');
});
