import { test, expect, demo, login, expectAccessible } from './fixtures';

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

test('a trainer writes in the editor by keyboard with live preview and validation, publishes, and a learner sees the new version', async ({ page, browser }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto('/trainer/authoring/new');
	const slug = `editor-${Date.now()}`;
	await page.getByLabel('Titel').fill('Kurs aus dem Editor');
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await page.getByRole('link', { name: '01-erste-lektion.md', exact: true }).click();

	const preview = page.getByRole('region', { name: 'Vorschau' });
	await expect(preview.getByRole('heading', { name: 'Einstieg' })).toBeVisible();
	await expect(preview.getByText('Welche Antwort ist richtig?')).toBeVisible();

	// Keyboard only: Tab from the toolbar's last button reaches the editor, and Tab leaves it again.
	await page.getByRole('button', { name: 'Video' }).focus();
	await page.keyboard.press('Tab');
	const editor = page.getByRole('textbox', { name: 'Inhalt von 01-erste-lektion.md' });
	await expect(editor).toBeFocused();
	await page.keyboard.press('Control+End');
	await page.keyboard.type('\n![](./assets/beispiel.svg)\n');
	await expect(page.getByRole('link', { name: /^01-erste-lektion\.md:\d+:\d+$/ })).toBeVisible();
	await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible();
	await expect(page.getByText('Die Vorschau zeigt den letzten Stand ohne Probleme.')).toBeVisible();

	// Fix it by replacing the broken line.
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('Home');
	await page.keyboard.press('Shift+End');
	await page.keyboard.type('## Neu in Version zwei');
	await expect(preview.getByRole('heading', { name: 'Neu in Version zwei' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Keine Probleme – der Kurs kann veröffentlicht werden.' })).toBeVisible();
	await expect(page.getByText('Alle Änderungen gespeichert')).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(editor).not.toBeFocused();

	// The toolbar inserts an image only with alt text.
	await editor.click();
	await page.getByRole('button', { name: 'Bild' }).click();
	const dialog = page.getByRole('dialog', { name: 'Bild' });
	await dialog.getByRole('button', { name: 'Einfügen' }).click();
	await expect(dialog.getByRole('alert')).toHaveText('Bitte geben Sie einen Alternativtext ein.');
	await dialog.getByLabel('Alternativtext').fill('Ein Beispielbild');
	await dialog.getByRole('button', { name: 'Einfügen' }).click();
	await expect(preview.getByRole('img', { name: 'Ein Beispielbild' })).toBeVisible();
	await expect(page.getByText('Alle Änderungen gespeichert')).toBeVisible();

	await page.getByRole('link', { name: '← Kurs aus dem Editor' }).click();
	await page.getByLabel('Änderungsnotiz').fill('Erste Fassung');
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText('Version 1 ist veröffentlicht.')).toBeVisible();

	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	// Another account that learns (the manager): the demo learner's empty course list belongs to courses.e2e.ts.
	const l = demo('manager');
	await login(learner, l.email, l.password);
	await learner.goto(`/courses/${slug}`);
	await learner.getByRole('button', { name: 'Jetzt einschreiben' }).click();
	await learner.goto(`/courses/${slug}/lessons/erste-lektion`);
	await expect(learner.getByRole('heading', { name: 'Neu in Version zwei' })).toBeVisible();
	await expectAccessible(learner);
	await learnerContext.close();
});

test('a trainer adds a co-author, and the address field is empty again afterwards', async ({ page, browser }) => {
	// The demo data has one trainer; the admin makes a second one to add.
	const email = `ko-${Date.now()}@lernbruecke.example`;
	const ctx = await browser.newContext();
	const adminPage = await ctx.newPage();
	const admin = demo('admin');
	await login(adminPage, admin.email, admin.password);
	await adminPage.goto('/admin/users/new');
	await adminPage.getByRole('textbox', { name: 'Name', exact: true }).fill('Kora Koautorin');
	await adminPage.getByLabel('E-Mail-Adresse').fill(email);
	await adminPage.getByLabel('Erstes Passwort').fill('koras langes passwort');
	await adminPage.getByLabel('Organisation', { exact: true }).selectOption({ label: 'IHK Oldenburg (Demo)' });
	await adminPage.getByLabel('Trainerin/Trainer').check();
	await adminPage.getByRole('button', { name: 'Person anlegen' }).click();
	await expect(adminPage.getByRole('link', { name: 'Kora Koautorin' })).toBeVisible();
	await ctx.close();

	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto('/trainer/authoring/new');
	await page.getByLabel('Titel').fill('Gemeinsam geschrieben');
	await page.getByLabel('Kurskennung (Ordnername)').fill(`gemeinsam-${Date.now()}`);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gemeinsam geschrieben');
	const coauthors = page.getByRole('region', { name: 'Mitautorinnen und Mitautoren' });
	await coauthors.getByLabel('E-Mail-Adresse').fill(email);
	await coauthors.getByRole('button', { name: 'Mitautor*in hinzufügen' }).click();
	await expect(coauthors.getByRole('button', { name: 'Kora Koautorin entfernen' })).toBeVisible();
	// The action redirects back to this page; the field is empty again, so a second click adds nothing.
	await expect(coauthors.getByLabel('E-Mail-Adresse')).toHaveValue('');
});
