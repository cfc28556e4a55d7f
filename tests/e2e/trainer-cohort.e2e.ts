import type { Browser, Page } from '@playwright/test';
import { test, expect, demo, login } from './fixtures';
import { signUp } from './orgs-helpers';

const QUIZ_2 = `
\`\`\`quiz
id: quiz-2
type: true-false
prompt: Diese Aussage stimmt.
answer: true
\`\`\`
`;

/** The trainer writes and publishes a course from the template with a third item, all without JavaScript. */
async function publishCourse(browser: Browser, slug: string, title: string) {
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto('/trainer/authoring/new');
	await page.getByLabel('Titel').fill(title);
	await page.getByLabel('Kurskennung (Ordnername)').fill(slug);
	await page.getByRole('button', { name: 'Kurs anlegen' }).click();
	await page.getByRole('link', { name: '01-erste-lektion.md', exact: true }).click();
	const editor = page.getByLabel('Inhalt von 01-erste-lektion.md');
	await editor.fill((await editor.inputValue()) + QUIZ_2);
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByText('Gespeichert.')).toBeVisible();
	await page.getByRole('link', { name: title }).click();
	await page.getByLabel('Änderungsnotiz').fill('Erste Fassung');
	await page.getByRole('button', { name: 'Veröffentlichen' }).click();
	await expect(page.getByText('Version 1 ist veröffentlicht.')).toBeVisible();
	await ctx.close();
}

const checkButton = (page: Page, optionId: string) => page.locator('form', { has: page.locator(`[id="${optionId}"]`) }).getByRole('button', { name: 'Antwort prüfen' });

/** A learner signs up, enrols and answers the lesson's three items with the given options, on the learner's pages. */
async function takeCourse(browser: Browser, slug: string, email: string, choices: Record<string, string>) {
	await signUp(browser, email.split('@')[0]!, email);
	const ctx = await browser.newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	await login(page, email, 'ein langes passwort');
	await page.goto(`/courses/${slug}`);
	await page.getByRole('button', { name: 'Jetzt einschreiben' }).click();
	await page.goto(`/courses/${slug}/lessons/erste-lektion`);
	for (const [item, option] of Object.entries(choices)) {
		const id = `${item}-${option}`;
		await page.locator(`[id="${id}"]`).check();
		await checkButton(page, id).click();
		await expect(page.locator(`[id="${id}"]`)).toBeDisabled();
	}
	await page.getByRole('button', { name: 'Lektion abschließen' }).click();
	await page.waitForURL((u) => !u.pathname.endsWith('/erste-lektion'));
	await ctx.close();
}

test('the trainer sees learners per stage and flagged items of a course six learners took, and a flag opens the editor at the item', async ({ page, browser, visit }) => {
	test.setTimeout(420_000);
	const stamp = Date.now();
	const slug = `kohorte-${stamp}`;
	const title = 'Kurs für die Kohortenansicht';
	await publishCourse(browser, slug, title);

	// Four learners answer quiz-1 right and quiz-2 wrong, two the other way round: each item is answered
	// better by those who do worse on the rest (negative discrimination). All six choose the incident's
	// worst-rated answer (difficulty 0, and the experts disagree with the choice).
	for (let i = 0; i < 6; i++) {
		const strong = i < 4;
		await takeCourse(browser, slug, `kohorte-${stamp}-${i}@example.org`, {
			'quiz-1': strong ? 'a' : 'b',
			'vorfall-1': 'a',
			'quiz-2': strong ? 'false' : 'true'
		});
	}

	const t = demo('trainer');
	await login(page, t.email, t.password);
	await visit(`/trainer/courses/${slug}`);
	const stages = page.getByRole('table', { name: 'Lernende je Stufe' });
	for (const [stage, n] of [['Eingeschrieben', '6'], ['Begonnen', '6'], ['Abgeschlossen', '6'], ['Bestanden', '0']] as const) {
		await expect(stages.getByRole('row', { name: stage })).toContainText(n);
	}
	const item = (id: string) => page.locator(`article[aria-labelledby="i-${id}"]`);
	await expect(item('quiz-1')).toContainText(/Trennschärfe r = .1,00 ist negativ/);
	await expect(item('quiz-2')).toContainText(/Trennschärfe r = .1,00 ist negativ/);
	await expect(item('vorfall-1')).toContainText('Schwierigkeit p = 0,00 liegt unter 0,30');
	await expect(item('vorfall-1')).toContainText('Die häufigste Wahl (100 %) ist „Eine wenig hilfreiche Reaktion.“');

	await item('vorfall-1').getByRole('link', { name: 'Im Editor öffnen' }).click();
	await expect(page).toHaveURL(/\/edit\/01-erste-lektion\.md\?line=\d+&column=1$/);
	await expect(page.locator('.cm-activeLine')).toHaveText('id: vorfall-1');
});
