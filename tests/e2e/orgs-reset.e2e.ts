import { test, expect, expectAccessible, login } from './fixtures';
import { linkFromOutbox, signUp } from './orgs-helpers';

test('password reset: the link from the mail sets a new password once and ends every session', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const email = 'rosa.reset@lernbruecke.example';
	await signUp(browser, 'Rosa Reset', email, 'altes passwort 1');
	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await login(otherPage, email, 'altes passwort 1');
	await expect(otherPage).toHaveURL('/learn');

	await page.goto('/login');
	await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
	await expect(page).toHaveURL('/reset');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Link anfordern' }).click();
	await expect(page.getByText('Bitte füllen Sie dieses Feld aus.')).toBeVisible();
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByRole('button', { name: 'Link anfordern' }).click();
	const answer = await page.getByRole('status').innerText();
	expect(answer).toContain('Wenn es zu dieser Adresse ein Konto gibt');
	await expectAccessible(page);
	// An unknown address gets exactly the same answer.
	await page.goto('/reset');
	await page.getByLabel('E-Mail-Adresse').fill('niemand-hier@lernbruecke.example');
	await page.getByRole('button', { name: 'Link anfordern' }).click();
	await expect(page.getByRole('status')).toHaveText(answer);

	const link = await linkFromOutbox(browser, email, 'reset');
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Neues Passwort festlegen');
	await expectAccessible(page);
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('neues passwort 2');
	await page.getByLabel('Neues Passwort wiederholen').fill('anderes passwort 3');
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page.getByText('Die beiden Passwörter stimmen nicht überein.')).toBeVisible();
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('neues passwort 2');
	await page.getByLabel('Neues Passwort wiederholen').fill('neues passwort 2');
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page).toHaveURL('/login?reset=done');
	await expect(page.getByRole('status')).toContainText('Ihr neues Passwort ist gespeichert');

	// The other browser is logged out; the old password no longer works, the new one does.
	await otherPage.goto('/learn');
	await expect(otherPage).toHaveURL(/\/login/);
	await other.close();
	await login(page, email, 'altes passwort 1');
	await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort stimmen nicht');
	await login(page, email, 'neues passwort 2');
	await expect(page).toHaveURL('/learn');

	// A used link and a made-up one get clear pages.
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link wurde schon verwendet');
	await expect(page.getByRole('link', { name: 'Neuen Link anfordern' })).toBeVisible();
	await expectAccessible(page);
	await page.goto('/reset/abcdefghijklmnopqrstuvwxyz234567');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link funktioniert nicht');
});

test('e-mail change: confirmed through the new address, with a notice to the old one', async ({ page, browser }) => {
	await signUp(browser, 'Emil Umzug', 'emil.alt@lernbruecke.example', 'emils passwort 1');
	await login(page, 'emil.alt@lernbruecke.example', 'emils passwort 1');
	await page.goto('/account');
	await page.getByLabel('Neue E-Mail-Adresse').fill('emil.neu@lernbruecke.example');
	await page.getByLabel('Ihr Passwort zur Bestätigung').fill('falsch');
	await page.getByRole('button', { name: 'Bestätigungslink senden' }).click();
	await expect(page.getByText('Das aktuelle Passwort stimmt nicht.')).toBeVisible();
	await page.getByLabel('Ihr Passwort zur Bestätigung').fill('emils passwort 1');
	await page.getByRole('button', { name: 'Bestätigungslink senden' }).click();
	await expect(page.getByRole('status')).toContainText('Bestätigungslink an die neue Adresse');
	await expect(page.getByText('emil.alt@lernbruecke.example')).toBeVisible();

	const link = await linkFromOutbox(browser, 'emil.neu@lernbruecke.example', 'account/email');
	await page.goto(link);
	await expect(page.getByText('die Adresse emil.neu@lernbruecke.example')).toBeVisible();
	await page.getByRole('button', { name: 'Adresse bestätigen' }).click();
	await expect(page).toHaveURL('/account?saved=email-changed');
	await expect(page.getByText('emil.neu@lernbruecke.example')).toBeVisible();
});
