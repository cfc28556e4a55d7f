import type { Page } from '@playwright/test';
import { test, expect, demo, login } from './fixtures';

test.use({ javaScriptEnabled: false });

async function createCourse(page: Page, slug: string, title: string) {
	await page.goto('/trainer');
	await page.getByRole('link', { name: 'Neuer Kurs' }).click();
	await page.getByLabel('Titel').fill(title);
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByRole('heading', { name: 'Keine Probleme – der Kurs kann veröffentlicht werden.' })).toBeVisible();
}

test('without JavaScript a trainer edits a lesson in the plain editor, sees a problem, fixes it and publishes; learners see the new version', async ({ page, browser }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	const slug = `ohne-skript-${Date.now()}`;
	await createCourse(page, slug, 'Kurs ohne Skript');

	await page.getByLabel('Änderungsnotiz').fill('Erste Fassung');
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText('Version 1 ist veröffentlicht.')).toBeVisible();

	await page.getByRole('link', { name: '01-erste-lektion.md', exact: true }).click();
	const editor = page.getByLabel('Inhalt von 01-erste-lektion.md');
	const original = await editor.inputValue();
	await editor.fill(original.replace('    correct: true\n', ''));
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByText('Gespeichert.')).toBeVisible();
	const problem = page.getByRole('link', { name: /^01-erste-lektion\.md:\d+:\d+$/ });
	await expect(problem).toBeVisible();

	// Learners still see version 1 while the draft is broken.
	await page.getByRole('link', { name: 'Kurs ohne Skript' }).click();
	await expect(page.getByText('Veröffentlichen ist erst möglich, wenn alle 1 Probleme behoben sind.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Veröffentlichen' })).toHaveCount(0);

	await page.getByRole('link', { name: /^01-erste-lektion\.md:\d+:\d+$/ }).click();
	await expect(page.getByText(/Gesucht: Zeile \d+/)).toBeVisible();
	await page.getByLabel('Inhalt von 01-erste-lektion.md').fill(original.replace('## Einstieg', '## Einstieg in Version zwei'));
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('heading', { name: 'Keine Probleme – der Kurs kann veröffentlicht werden.' })).toBeVisible();

	await page.getByRole('link', { name: 'Kurs ohne Skript' }).click();
	await page.getByLabel('Änderungsnotiz').fill('Einstieg überarbeitet');
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText('Version 2 ist veröffentlicht.')).toBeVisible();

	await page.getByRole('link', { name: 'Versionsverlauf' }).click();
	await expect(page.getByRole('cell', { name: 'Einstieg überarbeitet' })).toBeVisible();
	await page.getByRole('button', { name: 'Unterschiede zeigen' }).click();
	await expect(page.getByText('## Einstieg in Version zwei')).toBeVisible();

	const learnerContext = await browser.newContext({ javaScriptEnabled: false });
	const learner = await learnerContext.newPage();
	// Another account that learns (the manager): the demo learner's empty course list belongs to courses.e2e.ts.
	const l = demo('manager');
	await login(learner, l.email, l.password);
	await learner.goto(`/courses/${slug}`);
	await learner.getByRole('button', { name: 'Jetzt einschreiben' }).click();
	await learner.goto(`/courses/${slug}/lessons/erste-lektion`);
	await expect(learner.getByRole('heading', { name: 'Einstieg in Version zwei' })).toBeVisible();
	await learnerContext.close();
});

test('trainers of another organisation cannot open a draft', async ({ page, browser }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	const slug = `fremd-${Date.now()}`;
	await createCourse(page, slug, 'Nicht für andere');
	const url = page.url().replace(/\?.*$/, '');
	const other = await browser.newContext({ javaScriptEnabled: false });
	const p = await other.newPage();
	const m = demo('manager');
	await login(p, m.email, m.password);
	const res = await p.goto(url);
	expect(res?.status()).toBe(403);
	await other.close();
});
