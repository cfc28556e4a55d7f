import { expect, type Browser, type Page } from '@playwright/test';
import { demo, login } from './fixtures';

export const TISCHLEREI = 'Tischlerei Brandt GmbH, Cloppenburg (Demo)';

/** An account without organisation, created through sign-up and the mailed confirmation link. */
export async function signUp(browser: Browser, name: string, email: string, password = 'ein langes passwort') {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	await page.goto('/signup');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill(password);
	await page.getByLabel('Neues Passwort wiederholen').fill(password);
	await page.getByRole('button', { name: 'Konto anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bitte prüfen Sie Ihr Postfach');
	await page.goto(await linkFromOutbox(browser, email, 'signup'));
	await page.getByRole('button', { name: 'E-Mail-Adresse bestätigen und anmelden' }).click();
	await expect(page).toHaveURL('/learn?welcome=1');
	await ctx.close();
}

/** Subjects of the dev-outbox mails to `to`, newest first. */
export async function mailKindsTo(browser: Browser, to: string): Promise<string[]> {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await page.goto('/admin/mail');
	const rows = await page.getByRole('row').filter({ hasText: to }).allInnerTexts();
	await ctx.close();
	return rows;
}

/** The link in the newest dev-outbox mail to `to`, read as an admin sees it under /admin/mail. */
export async function linkFromOutbox(browser: Browser, to: string, path: 'invite' | 'reset' | 'account/email' | 'signup'): Promise<string> {
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await page.goto('/admin/mail');
	await page.getByRole('row').filter({ hasText: to }).first().getByRole('link').click();
	const text = await page.locator('pre').innerText();
	await ctx.close();
	const match = new RegExp(`https?://[^\\s]+/${path}/[a-z2-7]{32}`).exec(text);
	if (!match) throw new Error(`no ${path} link in the mail to ${to}:\n${text}`);
	return new URL(match[0]).pathname;
}

export async function loginAsManager(page: Page) {
	const manager = demo('manager');
	await login(page, manager.email, manager.password);
	await expect(page).toHaveURL('/manage');
}

/** The demo manager's organisation page, reached as a user would: from /manage. */
export async function openOwnOrganisation(page: Page) {
	await page.goto('/manage');
	await page.getByRole('link', { name: `${TISCHLEREI} verwalten` }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(TISCHLEREI);
	return new URL(page.url()).pathname; // /manage/<id>
}

/** Windows-1252 bytes for text with German characters (what Excel on Windows saves as "CSV"). */
export function windows1252(text: string): Buffer {
	return Buffer.from(text, 'latin1');
}
