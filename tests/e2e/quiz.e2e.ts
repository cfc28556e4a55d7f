import type { Page } from '@playwright/test';
import { test, expect, demo, login, expectAccessible } from './fixtures';
import { answerByKeyboard, answerWithoutScript, itemsOf, lessonOf } from './quiz-helpers';

const SLUG = 'interkulturelle-kompetenz-grundlagen';
const TEST = `/courses/${SLUG}/lessons/abschlusstest-grundlagen`;

test.describe.configure({ timeout: 240_000 });

/** Tests share the demo learner; each makes sure of its own enrolment. */
async function enrolled(page: Page, slug = SLUG) {
	await page.goto(`/courses/${slug}`);
	const enrol = page.getByRole('button', { name: 'Jetzt einschreiben' });
	if (await enrol.count()) await enrol.click();
}

test('the final test page and its data carry no answer key before submission', async ({ page }) => {
	const a = demo('learner');
	await login(page, a.email, a.password);
	await enrolled(page);
	await page.goto(TEST);
	if (await page.getByRole('button', { name: 'Test beginnen' }).isVisible()) await page.getByRole('button', { name: 'Test beginnen' }).click();
	await expect(page.getByRole('button', { name: 'Antworten abgeben' })).toBeVisible();
	const lesson = await lessonOf(SLUG, 'abschlusstest-grundlagen');
	const secrets = itemsOf(lesson).flatMap((i) =>
		i.kind === 'incident' ? i.options.map((o) => o.feedback.slice(0, 40)) : [i.feedback?.correct?.slice(0, 40), i.feedback?.incorrect?.slice(0, 40)]
	).filter((s): s is string => !!s);
	const html = await (await page.request.get(TEST)).text();
	const data = await (await page.request.get(`${TEST}/__data.json`)).text();
	for (const source of [html, data]) {
		expect(source).not.toMatch(/"correct"|correct:|"rating"|rating:|"answer"|"gaps"|reveal/);
		for (const s of secrets) expect(source).not.toContain(s);
	}
});

test('keyboard only: fail the final test once, read the feedback, pass, and the course is passed', async ({ page }) => {
	const a = demo('learner');
	await login(page, a.email, a.password);
	await enrolled(page);
	await page.goto(TEST);
	const lesson = await lessonOf(SLUG, 'abschlusstest-grundlagen');
	const start = page.getByRole('button', { name: /Test beginnen|Neuer Versuch/ });
	if (await start.isVisible()) {
		await start.focus();
		await page.keyboard.press('Enter');
	}
	await expect(page.getByRole('button', { name: 'Antworten abgeben' })).toBeVisible();
	await expectAccessible(page);
	for (const item of itemsOf(lesson)) await answerByKeyboard(page, item, false);
	await page.getByRole('button', { name: 'Antworten abgeben' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('Nicht bestanden.')).toBeVisible();
	await expect(page.getByText(/Einschätzung der Fachleute: \d von \d/).first()).toBeVisible();
	await expect(page.getByText('Das sollten Sie sich noch einmal ansehen:')).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Neuer Versuch' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('Versuch 2')).toBeVisible();
	for (const item of itemsOf(lesson)) await answerByKeyboard(page, item, true);
	await page.getByRole('button', { name: 'Antworten abgeben' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText('Bestanden!')).toBeVisible();
	await expect(page.getByText(/\(100 %\)/)).toBeVisible();
});

test('a lesson quiz gives feedback at once, focused and announced; lessons complete only when answered', async ({ page }) => {
	const a = demo('learner');
	await login(page, a.email, a.password);
	await enrolled(page);
	await page.goto(`/courses/${SLUG}/lessons/stereotype-vorurteile`);
	const lesson = await lessonOf(SLUG, 'stereotype-vorurteile');
	await page.getByRole('button', { name: /Lektion abschließen/ }).click();
	await expect(page.getByText('Bitte beantworten Sie zuerst alle Aufgaben dieser Lektion.')).toBeVisible();
	for (const item of itemsOf(lesson)) {
		const box = page.locator(`[id="item-${item.id}"]`);
		await answerByKeyboard(page, item, true);
		await box.getByRole('button', { name: 'Antwort prüfen' }).focus();
		await page.keyboard.press('Enter');
		await expect(page.locator(`[id="fb-${item.id}"]`)).toBeFocused();
		await expect(page.locator(`[id="fb-${item.id}"]`)).toContainText(/Richtig|Punkten/);
	}
	await expectAccessible(page);
	await page.getByRole('button', { name: /Lektion abschließen/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Die eigene Prägung erkennen');
});

test('tampered and repeated submissions are refused and change nothing', async ({ page }) => {
	const a = demo('learner');
	await login(page, a.email, a.password);
	const url = `/courses/${SLUG}/lessons/hofstede-kulturstandards`;
	await enrolled(page);
	await page.goto(url);
	const attempt = await page.locator('input[name="attempt"]').first().inputValue();
	const lesson = await lessonOf(SLUG, 'hofstede-kulturstandards');
	const first = itemsOf(lesson)[0]!;
	const post = (form: Record<string, string>) =>
		page.request.post(`${url}?/answer`, { form, headers: { origin: new URL(page.url()).origin, accept: 'application/json', 'x-sveltekit-action': 'true' } });
	const unknown = await post({ attempt, item: first.id, [first.id]: 'zz' });
	expect(await unknown.text()).toContain('tampered');
	const foreign = await post({ attempt: '00000000-0000-4000-8000-000000000000', item: first.id });
	expect(await foreign.text()).toContain('unknown_attempt');
	await page.reload();
	await expect(page.locator(`[id="item-${first.id}"]`).getByRole('button', { name: 'Antwort prüfen' })).toBeVisible();
	await answerByKeyboard(page, first, true);
	await page.locator(`[id="item-${first.id}"]`).getByRole('button', { name: 'Antwort prüfen' }).click();
	await expect(page.locator(`[id="fb-${first.id}"]`)).toContainText(/Richtig|Punkten/);
	const again = await post({ attempt, item: first.id, [first.id]: '' });
	expect(await again.text()).toContain('already_answered');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('take a final test with plain forms: move ordering items, fail, retry, pass', async ({ page }) => {
		const slug = 'migrantische-unternehmen-begleiten';
		const a = demo('learner');
		await login(page, a.email, a.password);
		await enrolled(page, slug);
		const built = await findAssessment(slug);
		await page.goto(`/courses/${slug}/lessons/${built.id}`);
		await page.getByRole('button', { name: /Test beginnen|Neuer Versuch/ }).click();
		for (const item of itemsOf(built)) await answerWithoutScript(page, item, false);
		await page.getByRole('button', { name: 'Antworten abgeben' }).click();
		await expect(page.getByText('Nicht bestanden.')).toBeVisible();
		await page.getByRole('button', { name: 'Neuer Versuch' }).click();
		for (const item of itemsOf(built)) await answerWithoutScript(page, item, true);
		await page.getByRole('button', { name: 'Antworten abgeben' }).click();
		await expect(page.getByText('Bestanden!')).toBeVisible();
	});
});

async function findAssessment(slug: string) {
	const { buildFolder } = await import('../../src/lib/server/courses/folder');
	const built = await buildFolder(`courses/${slug}`);
	return built.content!.variants.de!.lessons.find((l) => l.assessment)!;
}

test('a whole course: self-assessment before, every lesson and the final test, self-assessment after, the profile', async ({ page, visit }) => {
	const slug = 'beratung-sprachbarrieren-dolmetschen';
	const a = demo('learner');
	await login(page, a.email, a.password);
	await enrolled(page, slug);
	const { buildFolder } = await import('../../src/lib/server/courses/folder');
	const lessons = (await buildFolder(`courses/${slug}`)).content!.variants.de!.lessons;

	await visit(`/courses/${slug}`);
	await page.getByRole('link', { name: /Kurs beginnen|Weiter mit/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Selbsteinschätzung');
	const radios = page.locator('fieldset.likert');
	for (let i = 0; i < (await radios.count()); i++) await radios.nth(i).getByRole('radio').nth(1).check();
	await page.getByRole('button', { name: 'Selbsteinschätzung speichern' }).click();
	await expect(page.getByText('Danke! Ihre Selbsteinschätzung ist gespeichert.')).toBeVisible();
	await expectAccessible(page);

	for (const lesson of lessons) {
		await page.goto(`/courses/${slug}/lessons/${lesson.id}`);
		if (lesson.assessment) {
			await page.getByRole('button', { name: /Test beginnen|Neuer Versuch/ }).click();
			for (const item of itemsOf(lesson)) await answerByKeyboard(page, item, true);
			await page.getByRole('button', { name: 'Antworten abgeben' }).click();
			await expect(page.getByText('Bestanden!')).toBeVisible();
		} else {
			for (const item of itemsOf(lesson)) {
				const check = page.locator(`[id="item-${item.id}"]`).getByRole('button', { name: 'Antwort prüfen' });
				if (!(await check.count())) continue;
				await answerByKeyboard(page, item, true);
				await check.click();
				await expect(page.locator(`[id="fb-${item.id}"]`)).not.toBeEmpty();
			}
		}
		await page.getByRole('button', { name: /Lektion abschließen/ }).click();
	}
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Selbsteinschätzung');
	await expect(page.getByText('Sie haben alle Lektionen abgeschlossen.')).toBeVisible();
	for (let i = 0; i < (await radios.count()); i++) await radios.nth(i).getByRole('radio').nth(3).check();
	await page.getByRole('button', { name: 'Selbsteinschätzung speichern' }).click();
	await expect(page.getByRole('heading', { name: 'Ihr Profil vorher und nachher' })).toBeVisible();
	await expect(page.getByRole('img', { name: /Selbsteinschätzung vor und nach dem Kurs/ })).toBeVisible();
	const firstRow = page.getByRole('table').getByRole('row').nth(1);
	await expect(firstRow.getByRole('cell').nth(1)).toHaveText('2');
	await expect(firstRow.getByRole('cell').nth(2)).toHaveText('4');
	await expectAccessible(page);

	await visit('/learn');
	await expect(page.getByRole('listitem').filter({ hasText: 'Beratung mit Sprachbarrieren' }).getByText('Abgeschlossen', { exact: true })).toBeVisible();
});

test('the trainer sees item figures only from five learners on', async ({ page, visit }) => {
	const t = demo('trainer');
	await login(page, t.email, t.password);
	await visit('/trainer');
	await page.getByRole('link', { name: 'Interkulturelle Kompetenz – Grundlagen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aufgaben auswerten');
	await expect(page.getByText(/Weniger als 5 Lernende haben geantwortet/).first()).toBeVisible();
	await expect(page.getByText(/Lernende haben geantwortet ·/)).toHaveCount(0);
});
