import { test, expect, demo, login, expectAccessible } from './fixtures';
import { EXE, exifSegment, jpegWith } from '../fixtures/media';

async function newCourse(page: import('@playwright/test').Page, title: string) {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto('/trainer/authoring/new');
	const slug = `medien-${Date.now()}`;
	await page.getByLabel('Titel').fill(title);
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	return { slug, base: new URL(page.url()).pathname };
}

test('a trainer uploads a photo by keyboard, inserts it with alt text, sees it in the preview, and the served file has no metadata', async ({ page, browser }) => {
	const { slug, base } = await newCourse(page, 'Kurs mit Foto');
	await page.goto(`${base}/edit/01-erste-lektion.md`);
	await expect(page.getByText('Alle Änderungen gespeichert')).toBeVisible();

	// Keyboard only: focus the file field, open the chooser with Space, then Tab to the button and press Enter.
	const field = page.getByLabel('Neue Mediendatei');
	await field.focus();
	const chooser = page.waitForEvent('filechooser');
	await page.keyboard.press('Space');
	await (await chooser).setFiles({ name: 'Foto vom Kurs.JPG', mimeType: 'image/jpeg', buffer: Buffer.from(jpegWith(exifSegment())) });
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Vorhandene Datei ersetzen')).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Datei hochladen' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByText('foto-vom-kurs.jpg ist hochgeladen und liegt unter assets/foto-vom-kurs.jpg.')).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Dateien' }).getByRole('link', { name: 'foto-vom-kurs.jpg', exact: true })).toBeVisible();
	await expectAccessible(page);

	// The toolbar's image dialog offers the upload first; alt text is required.
	await page.getByRole('button', { name: 'Bild', exact: true }).focus();
	await page.keyboard.press('Enter');
	const dialog = page.getByRole('dialog', { name: 'Bild' });
	await expect(dialog.getByLabel('Datei')).toHaveValue('assets/foto-vom-kurs.jpg');
	await dialog.getByLabel('Alternativtext').fill('Gruppe im Seminarraum');
	await dialog.getByRole('button', { name: 'Einfügen' }).click();
	const preview = page.getByRole('region', { name: 'Vorschau' });
	const img = preview.getByRole('img', { name: 'Gruppe im Seminarraum' });
	await expect(img).toBeVisible();
	// The stripped file still decodes, and keeps its orientation: the 8×6 photo marked "rotate 90°" shows 6×8.
	await expect.poll(() => img.evaluate((el: HTMLImageElement) => `${el.naturalWidth}×${el.naturalHeight}`)).toBe('6×8');
	await expect(page.getByText('Alle Änderungen gespeichert')).toBeVisible();

	const draftAsset = await page.request.get(`${base}/assets/foto-vom-kurs.jpg`);
	expect(draftAsset.status()).toBe(200);
	expect(draftAsset.headers()['content-type']).toBe('image/jpeg');
	expect(draftAsset.headers()['x-content-type-options']).toBe('nosniff');
	expect((await draftAsset.body()).includes('GeheimKamera')).toBe(false);

	// Drafts are for their authors only: another session (here: none) gets nothing.
	const stranger = await browser.newContext();
	const anonymous = await stranger.request.get(`${base}/assets/foto-vom-kurs.jpg`, { maxRedirects: 0 });
	expect(anonymous.status()).not.toBe(200);
	const learner = await stranger.newPage();
	const l = demo('learner');
	await login(learner, l.email, l.password);
	expect([403, 404]).toContain((await learner.request.get(`${base}/assets/foto-vom-kurs.jpg`)).status());

	// Published: the same bytes at the course's asset path, public like the course.
	await page.goto(base);
	await page.getByLabel('Änderungsnotiz').fill('Mit Foto');
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText('Version 1 ist veröffentlicht.')).toBeVisible();
	const published = await stranger.request.get(`/courses/${slug}/assets/1/foto-vom-kurs.jpg`);
	expect(published.status()).toBe(200);
	expect(published.headers()['content-type']).toBe('image/jpeg');
	expect(published.headers()['x-content-type-options']).toBe('nosniff');
	expect((await published.body()).includes('GeheimKamera')).toBe(false);
	await stranger.close();
});

test('a renamed program is refused with a clear message, and an asset is deleted only after confirming', async ({ page }) => {
	const { base } = await newCourse(page, 'Kurs mit falscher Datei');
	await page.goto(`${base}/edit/course.md`);
	await page.getByLabel('Neue Mediendatei').setInputFiles({ name: 'bild.png', mimeType: 'image/png', buffer: Buffer.from(EXE) });
	await page.getByRole('button', { name: 'Datei hochladen' }).click();
	const upload = page.getByRole('region', { name: 'Datei hochladen' });
	await expect(upload.getByRole('alert')).toContainText('bild.png wird nicht angenommen: Der Inhalt ist ein Programm.');
	await expect(page.getByLabel('Neue Mediendatei')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByRole('navigation', { name: 'Dateien' }).getByText('bild.png')).toHaveCount(0);
	await expectAccessible(page);

	// The template's placeholder picture: deleting asks first, cancelling keeps it.
	const tree = page.getByRole('navigation', { name: 'Dateien' });
	await tree.getByRole('link', { name: 'beispiel.svg löschen' }).click();
	await expect(page.getByText('assets/beispiel.svg löschen?')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Abbrechen' }).click();
	await expect(page.getByText('assets/beispiel.svg löschen?')).toHaveCount(0);
	await expect(tree.getByRole('link', { name: 'beispiel.svg', exact: true })).toBeVisible();
	await tree.getByRole('link', { name: 'beispiel.svg löschen' }).click();
	await expect(page.getByText('assets/beispiel.svg löschen?')).toBeVisible();
	await page.getByRole('button', { name: 'Löschen' }).click();
	await expect(page.getByText('beispiel.svg ist gelöscht.')).toBeVisible();
	await expect(tree.getByRole('link', { name: 'beispiel.svg', exact: true })).toHaveCount(0);
	// The lesson that showed it now has a problem, as the confirmation said.
	await expect(page.getByRole('link', { name: '1 Probleme in anderen Dateien' })).toBeVisible();
});
