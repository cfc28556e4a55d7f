import { test, expect, login } from './fixtures';
import { TISCHLEREI, linkFromOutbox, loginAsManager, mailKindsTo, openOwnOrganisation, signUp } from './orgs-helpers';

// The same flows as plain HTML forms: invitations, registration from a link or a join code, password reset.
test.use({ javaScriptEnabled: false });

test('without JavaScript: a manager invites by e-mail, the person registers from the link', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await loginAsManager(page);
	const base = await openOwnOrganisation(page);
	await page.goto(`${base}/invitations`);
	await page.getByLabel('E-Mail-Adressen').fill('ohne-js-1@tischlerei.example\nnicht gültig@, ohne-js-2@tischlerei.example');
	await page.getByRole('button', { name: 'Einladungen senden' }).click();
	await expect(page.getByText('Diese Adressen sind nicht gültig: nicht, gültig@')).toBeVisible();
	await expect(page.getByLabel('E-Mail-Adressen')).toHaveValue(/ohne-js-2@tischlerei\.example/);
	await page.getByLabel('E-Mail-Adressen').fill('ohne-js-1@tischlerei.example, ohne-js-2@tischlerei.example, manager@lernbruecke.example');
	await page.getByRole('button', { name: 'Einladungen senden' }).click();
	await expect(page.getByText('Schon Mitglied Ihrer Organisation: manager@lernbruecke.example.')).toBeVisible();
	await page.getByLabel('E-Mail-Adressen').fill('ohne-js-1@tischlerei.example, ohne-js-2@tischlerei.example');
	await page.getByRole('button', { name: 'Einladungen senden' }).click();
	await expect(page.getByRole('status')).toContainText('2 Einladungen sind verschickt.');

	// Withdraw the second one, with the confirmation step.
	await page.getByRole('link', { name: 'Zurückziehen … ohne-js-2@tischlerei.example' }).click();
	await page.getByRole('button', { name: 'Ja, zurückziehen' }).click();
	await expect(page.getByRole('status')).toContainText('Die Einladung ist zurückgezogen.');
	await expect(page.getByRole('row', { name: /ohne-js-2@tischlerei\.example/ })).toContainText('zurückgezogen');

	const link = await linkFromOutbox(browser, 'ohne-js-1@tischlerei.example', 'invite');
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const person = await ctx.newPage();
	await person.goto(link);
	await person.getByRole('button', { name: 'Konto anlegen und beitreten' }).click();
	await expect(person.getByText('Bitte füllen Sie dieses Feld aus.').first()).toBeVisible();
	await person.getByLabel('Name').fill('Otto Ohne-Skript');
	await person.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('ottos passwort 1');
	await person.getByLabel('Neues Passwort wiederholen').fill('ottos passwort 1');
	await person.getByRole('button', { name: 'Konto anlegen und beitreten' }).click();
	await expect(person).toHaveURL('/account?saved=joined');
	await expect(person.getByText(`Organisation: ${TISCHLEREI}`)).toBeVisible();
	await ctx.close();

	const withdrawn = await linkFromOutbox(browser, 'ohne-js-2@tischlerei.example', 'invite');
	await page.goto(withdrawn);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link funktioniert nicht');
});

test('without JavaScript: a join code is switched on, used to register, replaced and switched off', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await loginAsManager(page);
	const base = await openOwnOrganisation(page);
	await page.getByRole('button', { name: 'Einschalten: Ganze Organisation' }).click();
	await expect(page.getByRole('status')).toContainText('Der Beitrittscode ist eingeschaltet.');
	const row = page.getByRole('row', { name: /Ganze Organisation/ });
	const code = (await row.locator('.code').innerText()).trim();
	expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);

	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const person = await ctx.newPage();
	await person.goto('/join');
	await person.getByLabel('Beitrittscode').fill(code.toLowerCase());
	await person.getByRole('button', { name: 'Weiter' }).click();
	await expect(person.getByText(`Hier registrieren Sie sich für die Organisation „${TISCHLEREI}“.`)).toBeVisible();
	await person.getByLabel('Name').fill('Jana Join');
	await person.getByLabel('E-Mail-Adresse').fill('lernende@lernbruecke.example');
	await person.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('janas passwort 1');
	await person.getByLabel('Neues Passwort wiederholen').fill('janas passwort 1');
	await person.getByRole('button', { name: 'Konto anlegen und beitreten' }).click();
	// A known address gets the same answer as a new one (the owner is told by mail), so nobody learns who has an account.
	await expect(person.getByRole('heading', { level: 1 })).toHaveText('Bitte prüfen Sie Ihr Postfach');
	await person.goto(`/join/${code.replace(/-/g, '')}`);
	await person.getByLabel('Name').fill('Jana Join');
	await person.getByLabel('E-Mail-Adresse').fill('jana.join@tischlerei.example');
	await person.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('janas passwort 1');
	await person.getByLabel('Neues Passwort wiederholen').fill('janas passwort 1');
	await person.getByRole('button', { name: 'Konto anlegen und beitreten' }).click();
	await expect(person.getByRole('heading', { level: 1 })).toHaveText('Bitte prüfen Sie Ihr Postfach');
	expect((await mailKindsTo(browser, 'lernende@lernbruecke.example')).join('\n')).toContain('Sie haben bereits ein Konto bei Lernbrücke');
	await person.goto(await linkFromOutbox(browser, 'jana.join@tischlerei.example', 'signup'));
	await person.getByRole('button', { name: 'E-Mail-Adresse bestätigen und anmelden' }).click();
	await expect(person).toHaveURL('/learn?welcome=1');
	await ctx.close();

	await page.getByRole('link', { name: 'Neuen Code erzeugen (Ganze Organisation) …' }).click();
	await page.getByRole('button', { name: 'Ja, neuen Code erzeugen' }).click();
	await expect(page.getByRole('row', { name: /Ganze Organisation/ }).locator('.code')).not.toHaveText(code);
	await page.getByRole('link', { name: 'Ausschalten (Ganze Organisation) …' }).click();
	await page.getByRole('button', { name: 'Ja, ausschalten' }).click();
	await expect(page.getByRole('status')).toContainText('Der Beitrittscode ist ausgeschaltet.');
	await page.goto(`/join/${code.replace(/-/g, '')}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link funktioniert nicht');

	await page.goto(`${base}/members`);
	await expect(page.getByRole('row', { name: /jana\.join@tischlerei\.example/ })).toBeVisible();
});

test('without JavaScript: password reset request and new password', async ({ page, browser }) => {
	const email = 'nojs.reset@lernbruecke.example';
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const signup = await ctx.newPage();
	await signup.goto('/signup');
	await signup.getByLabel('Name').fill('Nora Nojs');
	await signup.getByLabel('E-Mail-Adresse').fill(email);
	await signup.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('altes passwort 9');
	await signup.getByLabel('Neues Passwort wiederholen').fill('altes passwort 9');
	await signup.getByRole('button', { name: 'Konto anlegen' }).click();
	await ctx.close();

	await page.goto('/reset');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByRole('button', { name: 'Link anfordern' }).click();
	await expect(page.getByRole('status')).toContainText('Wenn es zu dieser Adresse ein Konto gibt');
	await page.goto(await linkFromOutbox(browser, email, 'reset'));
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('neues passwort 9');
	await page.getByLabel('Neues Passwort wiederholen').fill('neues passwort 9');
	await page.getByRole('button', { name: 'Passwort speichern' }).click();
	await expect(page).toHaveURL('/login?reset=done');
	await login(page, email, 'neues passwort 9');
	await expect(page).toHaveURL('/learn');
});
