import type { Page } from '@playwright/test';
import { test, expect, demo, expectAccessible, login } from './fixtures';

async function createCourse(page: Page, slug: string, title: string) {
	await page.goto('/trainer/authoring/new');
	await page.getByLabel('Titel').fill(title);
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	await expect(page.getByRole('heading', { name: 'Keine Probleme – der Kurs kann veröffentlicht werden.' })).toBeVisible();
}

async function pressOn(page: Page, locator: ReturnType<Page['locator']>, key = 'Enter') {
	await locator.focus();
	await page.keyboard.press(key);
}

/** The "check answer" button of one item (each item of an immediate-feedback lesson is its own form). */
const checkButton = (page: Page, optionId: string) => page.locator('form', { has: page.locator(`[id="${optionId}"]`) }).getByRole('button', { name: 'Antwort prüfen' });

test('a trainer tries the unpublished draft as a learner by keyboard: feedback and score as for learners, nothing saved', async ({ page }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	const slug = `vorschau-${Date.now()}`;
	await createCourse(page, slug, 'Kurs zum Ausprobieren');

	await pressOn(page, page.getByRole('link', { name: 'Als Lernende ausprobieren (Vorschau)' }));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vorschau als Lernende: Kurs zum Ausprobieren');
	await expect(page.getByText('Vorschau – nichts wird gespeichert')).toBeVisible();
	await expectAccessible(page);

	await pressOn(page, page.getByRole('link', { name: 'Zur Lektion „Erste Lektion“' }));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erste Lektion');
	await expect(page.getByText('Vorschau – nichts wird gespeichert')).toBeVisible();
	// The draft's own image, served from the draft's assets (never published).
	await expect(page.getByRole('img', { name: 'Beschreibung des Bildes für Menschen, die es nicht sehen' })).toHaveAttribute('src', /\/trainer\/authoring\/[0-9a-f-]+\/assets\/beispiel\.svg$/);
	await expectAccessible(page);

	await pressOn(page, page.locator('[id="quiz-1-b"]'), 'Space');
	await pressOn(page, checkButton(page, 'quiz-1-b'));
	await expect(page.getByText('Noch nicht – lesen Sie den Abschnitt oben noch einmal.')).toBeVisible();
	await pressOn(page, page.locator('[id="vorfall-1-c"]'), 'Space');
	await pressOn(page, checkButton(page, 'vorfall-1-c'));
	await expect(page.getByText('2 von 3 Punkten (67 %)')).toBeVisible();
	await expectAccessible(page);

	await pressOn(page, page.getByRole('button', { name: 'Lektion abschließen' }));
	await expect(page.getByText('Sie haben die letzte Lektion der Vorschau abgeschlossen.')).toBeVisible();
	await expect(page.getByText('✓ abgeschlossen')).toBeVisible();
	await expectAccessible(page);

	// Starting again forgets the preview's answers: the quiz is open once more.
	await pressOn(page, page.getByRole('button', { name: 'Vorschau von vorn beginnen' }));
	await expect(page.getByText('✓ abgeschlossen')).toHaveCount(0);
	await pressOn(page, page.getByRole('link', { name: 'Zur Lektion „Erste Lektion“' }));
	await expect(checkButton(page, 'quiz-1-a')).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the preview answers with form posts', async ({ page }) => {
		const t = demo('trainer');
		await login(page, t.email, t.password);
		const slug = `vorschau-ohne-${Date.now()}`;
		await createCourse(page, slug, 'Vorschau ohne Skript');
		await page.getByRole('link', { name: 'Als Lernende ausprobieren (Vorschau)' }).click();
		await page.getByRole('link', { name: 'Zur Lektion „Erste Lektion“' }).click();
		await page.locator('[id="quiz-1-a"]').check();
		await checkButton(page, 'quiz-1-a').click();
		await expect(page.getByText('Richtig.', { exact: true }).first()).toBeVisible();
		await page.locator('[id="vorfall-1-c"]').check();
		await checkButton(page, 'vorfall-1-c').click();
		await expect(page.getByText('3 von 3 Punkten (100 %)')).toBeVisible();
	});

	test('someone who may not edit the draft cannot open its preview', async ({ page, browser }) => {
		const t = demo('trainer');
		await login(page, t.email, t.password);
		const slug = `vorschau-fremd-${Date.now()}`;
		await createCourse(page, slug, 'Vorschau nur für uns');
		const url = page.url().replace(/\?.*$/, '') + '/try/erste-lektion';
		const other = await browser.newContext({ javaScriptEnabled: false });
		const p = await other.newPage();
		const m = demo('manager');
		await login(p, m.email, m.password);
		const res = await p.goto(url);
		expect([403, 404]).toContain(res?.status());
		await other.close();
	});
});
