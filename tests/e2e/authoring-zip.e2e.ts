import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { test, expect, demo, login, expectAccessible } from './fixtures';

test('a trainer exports a published version as zip and imports it as a new course; a bad zip changes nothing', async ({ page, visit }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto('/trainer/authoring/new');
	const slug = `zip-${Date.now()}`;
	await page.getByLabel('Titel').fill('Kurs zum Mitnehmen');
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kurs zum Mitnehmen');
	const base = new URL(page.url()).pathname;
	await page.getByLabel('Änderungsnotiz').fill('Erste Fassung');
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText('Version 1 ist veröffentlicht.')).toBeVisible();

	await visit(`${base}/versions`);
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Version 1 als ZIP herunterladen' }).click();
	const file = await (await download).path();
	expect((await download).suggestedFilename()).toBe(`${slug}-v1.zip`);
	const zip = readFileSync(file);

	// Import as a new course: a new id, the slug given here, the same content.
	await visit('/trainer/authoring/import');
	await page.getByLabel('ZIP-Datei mit dem Kursordner').setInputFiles({ name: `${slug}-v1.zip`, mimeType: 'application/zip', buffer: zip });
	await page.getByLabel('Kurskennung (Ordnername)').fill(`${slug}-kopie`);
	await page.getByRole('button', { name: 'Importieren' }).click();
	await expect(page.getByText('Der Kurs ist aus dem Archiv importiert.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kurs zum Mitnehmen');
	await expect(page.getByText(`${slug}-kopie`, { exact: true })).toBeVisible();
	await expect(page.getByText('Keine Probleme – der Kurs kann veröffentlicht werden.')).toBeVisible();
	await expect(page.getByRole('link', { name: '01-erste-lektion.md', exact: true })).toBeVisible();
	const copy = new URL(page.url()).pathname;
	expect(copy).not.toBe(base);
	await expectAccessible(page);

	// A zip that climbs out of its folder is refused with the file named, and the draft stays as it was.
	const evil = zipSync({ [`${slug}/course.md`]: new TextEncoder().encode('x'), '../../etc/evil.md': new TextEncoder().encode('x') });
	await page.getByText('Entwurf aus ZIP ersetzen').first().click();
	await page.getByLabel('ZIP-Datei mit dem Kursordner').setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(evil) });
	await page.getByLabel('Ich ersetze den Entwurf (nicht veröffentlichte Änderungen gehen verloren)').check();
	await page.getByRole('button', { name: 'Entwurf aus ZIP ersetzen' }).click();
	await expect(page.getByText('../../etc/evil.md: unzulässiger Pfad im Archiv (absolut, mit „..“ oder mit Backslash). Es wurde nichts übernommen.')).toBeVisible();
	await expectAccessible(page);
	await page.goto(copy);
	await expect(page.getByRole('link', { name: '01-erste-lektion.md', exact: true })).toBeVisible();

	// The exported zip as a new draft of the original: accepted only after confirming.
	await page.goto(base);
	await page.getByText('Entwurf aus ZIP ersetzen').first().click();
	await page.getByLabel('ZIP-Datei mit dem Kursordner').setInputFiles({ name: 'v1.zip', mimeType: 'application/zip', buffer: zip });
	await page.getByRole('button', { name: 'Entwurf aus ZIP ersetzen' }).click();
	await expect(page.getByText('Bitte bestätigen Sie, dass der Entwurf ersetzt wird.')).toBeVisible();
	await page.getByLabel('ZIP-Datei mit dem Kursordner').setInputFiles({ name: 'v1.zip', mimeType: 'application/zip', buffer: zip });
	await page.getByLabel('Ich ersetze den Entwurf (nicht veröffentlichte Änderungen gehen verloren)').check();
	await page.getByRole('button', { name: 'Entwurf aus ZIP ersetzen' }).click();
	await expect(page.getByText('Der Entwurf ist durch den Inhalt des Archivs ersetzt.')).toBeVisible();
	await expect(page.getByText('Der Entwurf gleicht der veröffentlichten Version; es gibt nichts zu veröffentlichen.')).toBeVisible();
});
