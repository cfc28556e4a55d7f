import { test, expect, demo, login } from './fixtures';

test('the trainer area, a new draft, its editor and its version history pass axe', async ({ page, visit }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await visit('/trainer');
	await visit('/trainer/authoring/new');
	const slug = `axe-${Date.now()}`;
	await page.getByLabel('Titel').fill('Barrierefrei geprüft');
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Barrierefrei geprüft');
	const base = new URL(page.url()).pathname;
	await visit(`${base}?confirm=archive`);
	await expect(page.getByRole('button', { name: 'Kurs archivieren' })).toBeVisible();
	await visit(`${base}?confirm=delete&path=01-erste-lektion.md`);
	await visit(`${base}?rename=01-erste-lektion.md`);
	await page.getByLabel('Änderungsnotiz').fill('Erste Fassung');
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText('Version 1 ist veröffentlicht.')).toBeVisible();
	await visit(`${base}/edit/course.md`);
	await visit(`${base}/versions`);
	await expect(page.getByRole('cell', { name: 'Erste Fassung' })).toBeVisible();
});
