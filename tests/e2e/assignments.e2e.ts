import { test, expect, expectAccessible } from './fixtures';
import { loginAsManager, openOwnOrganisation } from './orgs-helpers';

const GRUNDLAGEN = 'Interkulturelle Kompetenz – Grundlagen';
const BERATUNG = 'Beratung mit Sprachbarrieren und Dolmetschen';

test('a manager assigns a course with a due date, sees it first on her learner home and in the completions', async ({ page, visit }) => {
	test.setTimeout(180_000);
	await loginAsManager(page);
	const base = await openOwnOrganisation(page);
	await visit(`${base}/assignments`);
	await expect(page.getByText('Noch keine Kurse zugewiesen.')).toBeVisible();

	// Without a course the form says what is missing.
	await page.getByRole('button', { name: 'Kurs zuweisen' }).click();
	await expect(page.getByText('Bitte wählen Sie einen Kurs.')).toBeVisible();

	await page.getByRole('combobox', { name: 'Kurs', exact: true }).selectOption({ label: GRUNDLAGEN });
	await page.getByLabel('Ganze Organisation', { exact: true }).check();
	await page.getByLabel('Fällig am').fill('2026-01-15');
	await page.getByRole('button', { name: 'Kurs zuweisen' }).click();
	await expect(page.getByRole('status')).toContainText('Der Kurs wurde zugewiesen.');
	// The action redirects back to this page; the form is empty again, so a second click assigns nothing twice.
	await expect(page.getByRole('combobox', { name: 'Kurs', exact: true })).toHaveValue('');
	await expect(page.getByLabel('Fällig am')).toHaveValue('');
	await expect(page.getByRole('row', { name: new RegExp(GRUNDLAGEN) })).toHaveCount(1);
	await expect(page.getByRole('row', { name: new RegExp(GRUNDLAGEN) })).toContainText('Ganze Organisation');
	await expect(page.getByRole('row', { name: new RegExp(GRUNDLAGEN) })).toContainText('15.01.2026');

	// The manager is a member too: the assigned course comes first, overdue said in words.
	await visit('/learn');
	const assigned = page.getByRole('region', { name: 'Von Ihrer Organisation zugewiesen' });
	await expect(assigned.getByRole('heading', { name: GRUNDLAGEN })).toBeVisible();
	await expect(assigned).toContainText('Überfällig');
	await expect(assigned).toContainText('war fällig am 15.01.2026');
	const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
	expect(headings[0]).toBe('Von Ihrer Organisation zugewiesen');
	await assigned.getByRole('button', { name: `Kurs beginnen: ${GRUNDLAGEN}` }).click();
	await expect(page.getByRole('status')).toContainText(/eingeschrieben/i);

	await visit(`${base}/dashboard`);
	const summary = page.getByRole('region', { name: 'Übersicht je Kurs und Einheit' });
	await expect(summary.getByRole('row', { name: new RegExp(GRUNDLAGEN) }).first()).toContainText(/Alle\s*\d+\s*1\s*0\s*\d+/);
	await expect(page.getByRole('row', { name: /Mona Managerin/ })).toContainText('Überfällig');
	const text = await page.locator('main').innerText();
	expect(text).not.toMatch(/Punkte|Ergebnis:|Versuch \d|Score|%/);

	// Edit the due date, then remove the assignment after confirming.
	await visit(`${base}/assignments`);
	await page.getByRole('link', { name: `Zuweisung von ${GRUNDLAGEN} bearbeiten` }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Zuweisung bearbeiten');
	await page.getByLabel('Fällig am').fill('2030-06-30');
	await expect(page.getByLabel('Fällig am')).toHaveValue('2030-06-30');
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByRole('status')).toContainText('Die Fälligkeit wurde gespeichert.');
	await expect(page.getByRole('row', { name: new RegExp(GRUNDLAGEN) })).toContainText('30.06.2030');
	await page.getByRole('link', { name: `Zuweisung von ${GRUNDLAGEN} bearbeiten` }).click();
	await page.getByRole('link', { name: 'Zuweisung entfernen' }).click();
	await expect(page.getByText(`Zuweisung von „${GRUNDLAGEN}“ wirklich entfernen?`)).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Ja, Zuweisung entfernen' }).click();
	await expect(page.getByRole('status')).toContainText('Die Zuweisung wurde entfernt.');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a manager assigns a course to chosen people and downloads the completions', async ({ page }) => {
		test.setTimeout(120_000);
		await loginAsManager(page);
		const base = await openOwnOrganisation(page);
		await page.goto(`${base}/assignments`);
		await page.getByRole('combobox', { name: 'Kurs', exact: true }).selectOption({ label: BERATUNG });
		await page.getByLabel('Ausgewählte Personen', { exact: true }).check();
		await page.getByRole('button', { name: 'Kurs zuweisen' }).click();
		await expect(page.getByText('Bitte wählen Sie mindestens eine Person Ihrer Organisation.')).toBeVisible();
		await page.getByLabel('Ausgewählte Personen', { exact: true }).check();
		await page.getByRole('combobox', { name: 'Kurs', exact: true }).selectOption({ label: BERATUNG });
		await page.getByRole('checkbox', { name: /Mona Managerin/ }).check();
		await page.getByRole('button', { name: 'Kurs zuweisen' }).click();
		await expect(page.getByRole('status')).toContainText('Der Kurs wurde zugewiesen.');
		await expect(page.getByRole('row', { name: new RegExp(BERATUNG) })).toContainText('1 ausgewählte Personen');

		await page.goto(`${base}/dashboard`);
		await expect(page.getByRole('row', { name: /Mona Managerin/ }).filter({ hasText: BERATUNG })).toContainText('Nicht begonnen');
		const download = page.waitForEvent('download');
		await page.getByRole('link', { name: 'CSV (Excel)' }).first().click();
		const csv = await (await download).createReadStream();
		const chunks: Buffer[] = [];
		for await (const c of csv) chunks.push(c as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		expect(text.startsWith('\uFEFFKurs;Einheit;Zugewiesen;Begonnen;Abgeschlossen;Überfällig;Zertifikat gültig;Zertifikat abgelaufen')).toBe(true);
		expect(text).toContain(`${BERATUNG};Alle;1;0;0;0;0;0`);
	});
});
