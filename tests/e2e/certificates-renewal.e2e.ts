import { zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { test, expect, demo, login } from './fixtures';
import { signUp } from './orgs-helpers';
import { fixtureCourseMd, fixtureFiles, fixtureLesson2 } from '../../src/lib/server/courses/fixtures';

// The browser tests run the production server on the real clock (there is no clock to inject there). A course
// valid for one month is inside the 60-day renewal window from the day it is issued, so the whole renewal
// path runs on today's date; expiry by the clock is covered by the database tests (reminders, renewal).
test.describe.configure({ timeout: 240_000, mode: 'serial' });

const stamp = Date.now();
const slug = `erneuern-${stamp}`;
const title = `Erneuerungskurs ${stamp}`;
const learner = { name: 'Renate Erneuerer', email: `erneuern-${stamp}@example.org`, password: 'ein langes passwort' };
let authoringPath = '';
let oldCert = { path: '', code: '' };

/** The fixture course as a zip, valid one month; version 2 renames its final test (new lesson id and title). */
function courseZip(version: 1 | 2): Buffer {
	const md = fixtureCourseMd()
		.replace('version: 1', `version: ${version}`)
		.replace('title: Probekurs', `title: ${title}`)
		.replace('certificate:\n  kind: zertifikat', 'certificate:\n  kind: zertifikat\n  valid_months: 1');
	const overrides: Record<string, string> = { 'course.md': md };
	if (version === 2) overrides['02-test.md'] = fixtureLesson2.replace('id: test', 'id: pruefung').replace('title: Abschlusstest', 'title: Neue Abschlussprüfung');
	return Buffer.from(zipSync(Object.fromEntries([...fixtureFiles(overrides)].map(([p, b]) => [`${slug}/${p}`, b]))));
}

async function publish(page: Page, n: number) {
	await page.getByLabel('Änderungsnotiz').fill(`Fassung ${n}`);
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText(`Version ${n} ist veröffentlicht.`)).toBeVisible();
}

async function passTest(page: Page, path: string) {
	if (!page.url().endsWith(path)) await page.goto(path);
	await page.getByRole('button', { name: /Test beginnen|Neuer Versuch/ }).click();
	await page.locator('[id="q2-true"]').check();
	await page.getByRole('button', { name: 'Antworten abgeben' }).click();
	await expect(page.getByText('Bestanden!')).toBeVisible();
}

async function openCertificate(page: Page) {
	await page.goto('/learn');
	await page.getByRole('region', { name: 'Meine Bescheinigungen' }).getByRole('link', { name: `Bescheinigung ansehen: ${title}` }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Zertifikat' })).toBeVisible();
	return { path: new URL(page.url()).pathname, code: (await page.locator('.certificate .code').innerText()).replace(/-/g, '') };
}

test('a trainer publishes version 1 of a course valid for one month', async ({ page }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto('/trainer/authoring/import');
	await page.getByLabel('ZIP-Datei mit dem Kursordner').setInputFiles({ name: `${slug}.zip`, mimeType: 'application/zip', buffer: courseZip(1) });
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Importieren' }).click();
	await expect(page.getByText('Der Kurs ist aus dem Archiv importiert.')).toBeVisible();
	authoringPath = new URL(page.url()).pathname;
	await publish(page, 1);
});

test('a learner passes version 1; the certificate can be renewed at once', async ({ page, browser, visit }) => {
	await signUp(browser, learner.name, learner.email, learner.password);
	await login(page, learner.email, learner.password);
	await page.goto(`/courses/${slug}`);
	await page.getByRole('button', { name: 'Jetzt einschreiben' }).click();
	await passTest(page, `/courses/${slug}/lessons/test`);
	oldCert = await openCertificate(page);
	await expect(page.getByText('Kursversion 1')).toBeVisible();
	await visit('/learn');
	await expect(page.getByRole('link', { name: `Erneuern: ${title}` })).toBeVisible();
});

test('the trainer publishes version 2 with a renamed final test', async ({ page }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto(authoringPath);
	await page.getByText('Entwurf aus ZIP ersetzen').first().click();
	await page.getByLabel('ZIP-Datei mit dem Kursordner').setInputFiles({ name: 'v2.zip', mimeType: 'application/zip', buffer: courseZip(2) });
	await page.getByLabel('Ich ersetze den Entwurf (nicht veröffentlichte Änderungen gehen verloren)').check();
	await page.getByRole('button', { name: 'Entwurf aus ZIP ersetzen' }).click();
	await expect(page.getByText('Der Entwurf ist durch den Inhalt des Archivs ersetzt.')).toBeVisible();
	await publish(page, 2);
});

test('“Erneuern” leads to the final test of version 2; passing it issues a certificate for version 2 and the old one says renewed', async ({ page, visit }) => {
	expect(oldCert.code).not.toBe('');
	await login(page, learner.email, learner.password);
	await visit('/learn');
	await page.getByRole('link', { name: `Erneuern: ${title}` }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Bescheinigung erneuern: ${title}` })).toBeVisible();
	await expect(page.getByText('Ihre Bescheinigung gilt für Version 1 des Kurses. Erneuert wird auf die aktuelle Version 2')).toBeVisible();
	await visit(new URL(page.url()).pathname);
	await page.getByRole('button', { name: 'Zum Abschlusstest' }).click();
	await expect(page).toHaveURL(new RegExp(`/courses/${slug}/lessons/pruefung$`));
	await expect(page.getByRole('heading', { level: 1, name: 'Neue Abschlussprüfung' })).toBeVisible();
	await passTest(page, `/courses/${slug}/lessons/pruefung`);

	const renewed = await openCertificate(page);
	expect(renewed.path).not.toBe(oldCert.path);
	await expect(page.getByText('Kursversion 2')).toBeVisible();
	await expect(page.getByText('Gültig', { exact: true })).toBeVisible();

	await visit(oldCert.path);
	await expect(page.getByText(/^Erneuert: Für diesen Kurs wurde inzwischen eine neue Bescheinigung ausgestellt/)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Zur erneuerten Bescheinigung' })).toHaveAttribute('href', renewed.path);
	// The old code still verifies as valid until its own expiry, and says that a renewed one exists.
	await visit(`/verify/${oldCert.code}`);
	await expect(page.getByRole('status')).toHaveText('Gültig: Diese Bescheinigung ist echt und gültig.');
	await expect(page.getByText('Inzwischen wurde eine verlängerte Bescheinigung ausgestellt.')).toBeVisible();
	await expect(page.getByText(learner.name, { exact: true })).toBeVisible();
	// The list holds the renewed certificate only (valid one month, so it is renewable in turn).
	await visit('/learn');
	await expect(page.getByRole('link', { name: `Erneuern: ${title}` })).toHaveAttribute('href', `${renewed.path}/renew`);
	await expect(page.getByRole('link', { name: `Bescheinigung ansehen: ${title}` })).toHaveCount(1);
});
