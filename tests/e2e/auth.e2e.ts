import { test, expect, demo, login, expectAccessible } from './fixtures';
import { linkFromOutbox, mailKindsTo, signUp } from './orgs-helpers';

const homes = [
	['learner', '/learn', 'Meine Kurse'],
	['trainer', '/trainer', 'Kurse gestalten'],
	['manager', '/manage', 'Organisation'],
	['evaluator', '/evaluate', 'Auswertung'],
	['admin', '/admin', 'Administration']
] as const;

for (const [role, path, heading] of homes) {
	test(`the demo ${role} logs in and lands on their home page`, async ({ page }) => {
		const account = demo(role);
		await login(page, account.email, account.password);
		await expect(page).toHaveURL(path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		await expectAccessible(page);
	});
}

test('a wrong password gets a clear message that does not reveal whether the account exists', async ({ page, visit }) => {
	await visit('/login');
	await page.getByLabel('E-Mail-Adresse').fill('lernende@lernbruecke.example');
	await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill('falsch-falsch');
	await page.getByRole('button', { name: 'Anmelden' }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('E-Mail-Adresse oder Passwort stimmen nicht');
	// The e-mail stays, the password does not.
	await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue('lernende@lernbruecke.example');
	await expect(page.getByRole('textbox', { name: 'Passwort', exact: true })).toHaveValue('');
	await expectAccessible(page);

	await page.getByLabel('E-Mail-Adresse').fill('niemand@lernbruecke.example');
	await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill('falsch-falsch');
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page.getByRole('alert')).toHaveText(await alert.innerText());
});

test('logout ends the session: the old cookie no longer opens protected pages', async ({ page, context }) => {
	const a = demo('learner');
	await login(page, a.email, a.password);
	await expect(page).toHaveURL('/learn');
	const cookie = (await context.cookies()).find((c) => c.name === 'lb_session')!;
	expect(cookie.httpOnly).toBe(true);
	expect(cookie.sameSite).toBe('Lax');
	await page.getByRole('button', { name: 'Abmelden' }).click();
	await expect(page.getByRole('status')).toContainText('Sie sind abgemeldet');
	// Replay the old token: the server must have forgotten it.
	await context.addCookies([cookie]);
	await page.goto('/learn');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn/);
});

test('a learner is denied the admin area with a 403 page, not a crash', async ({ page }) => {
	const a = demo('learner');
	await login(page, a.email, a.password);
	const response = await page.goto('/admin/users');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kein Zugriff');
	await expectAccessible(page);
});

test('anonymous visitors of a protected page are sent to login and back afterwards', async ({ page }) => {
	await page.goto('/account');
	await expect(page).toHaveURL('/login?redirectTo=%2Faccount');
	const a = demo('trainer');
	await page.getByLabel('E-Mail-Adresse').fill(a.email);
	await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(a.password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await expect(page).toHaveURL('/account');
});

test('sign-up creates a learner account that works once the mailed link is followed', async ({ page, visit, browser }) => {
	await visit('/signup');
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	await expect(page.getByText('Bitte füllen Sie dieses Feld aus.').first()).toBeVisible();
	await page.getByLabel('Name').fill('Selma Selbst');
	await page.getByLabel('E-Mail-Adresse').fill('selma@lernbruecke.example');
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('ein langes passwort');
	await page.getByLabel('Neues Passwort wiederholen').fill('ein anderes passwort');
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	await expect(page.getByText('Die beiden Passwörter stimmen nicht überein.')).toBeVisible();
	await expect(page.getByLabel('Name')).toHaveValue('Selma Selbst');
	await expectAccessible(page);
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('ein langes passwort');
	await page.getByLabel('Neues Passwort wiederholen').fill('ein langes passwort');
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte prüfen Sie Ihr Postfach');
	await expectAccessible(page);

	// Before confirming, the right password explains what is missing (and sends the link again).
	await login(page, 'selma@lernbruecke.example', 'ein langes passwort');
	await expect(page.getByRole('alert')).toContainText('Ihr Konto ist noch nicht bestätigt');

	await page.goto(await linkFromOutbox(browser, 'selma@lernbruecke.example', 'signup'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Konto bestätigen');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'E-Mail-Adresse bestätigen und anmelden' }).click();
	await expect(page).toHaveURL('/learn?welcome=1');
	await expect(page.getByRole('status')).toContainText('Ihre E-Mail-Adresse ist bestätigt');

	// The link works once.
	await page.goto(await linkFromOutbox(browser, 'selma@lernbruecke.example', 'signup'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dieser Link wurde schon verwendet');
});

test('signing up with a known address looks the same and only mails the owner', async ({ page, browser }) => {
	const known = demo('trainer');
	await page.goto('/signup');
	await page.getByLabel('Name').fill('Jemand Anderes');
	await page.getByLabel('E-Mail-Adresse').fill(known.email);
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('ein fremdes passwort');
	await page.getByLabel('Neues Passwort wiederholen').fill('ein fremdes passwort');
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte prüfen Sie Ihr Postfach');
	expect((await mailKindsTo(browser, known.email)).join('\n')).toContain('Sie haben bereits ein Konto bei Lernbrücke');
	await login(page, known.email, known.password);
	await expect(page).toHaveURL('/trainer');
});

test('password change keeps this session and ends the others', async ({ page, browser }) => {
	// A throw-away account, so the demo passwords stay as the README says.
	await signUp(browser, 'Paul Passwort', 'paul@lernbruecke.example', 'erstes passwort 1');
	await login(page, 'paul@lernbruecke.example', 'erstes passwort 1');
	await expect(page).toHaveURL('/learn');

	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await login(otherPage, 'paul@lernbruecke.example', 'erstes passwort 1');
	await expect(otherPage).toHaveURL('/learn');

	await page.goto('/account');
	await expect(page.getByRole('heading', { name: 'Angemeldete Geräte' })).toBeVisible();
	// Three: the confirmation link logged the sign-up browser in, then this one and the other.
	await expect(page.locator('.sessions li')).toHaveCount(3);
	await page.getByLabel('Aktuelles Passwort').fill('falsch');
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('zweites passwort 2');
	await page.getByLabel('Neues Passwort wiederholen').fill('zweites passwort 2');
	await page.getByRole('button', { name: 'Passwort ändern' }).click();
	await expect(page.getByText('Das aktuelle Passwort stimmt nicht.')).toBeVisible();
	await page.getByLabel('Aktuelles Passwort').fill('erstes passwort 1');
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill('zweites passwort 2');
	await page.getByLabel('Neues Passwort wiederholen').fill('zweites passwort 2');
	await page.getByRole('button', { name: 'Passwort ändern' }).click();
	await expect(page.getByRole('status')).toContainText('Ihr Passwort ist geändert');
	await expect(page.locator('.sessions li')).toHaveCount(1);

	await otherPage.goto('/learn');
	await expect(otherPage).toHaveURL(/\/login/);
	await other.close();
});
