import type { Page } from '@playwright/test';
import { test, expect, demo, login, expectAccessible } from './fixtures';
import { answerByKeyboard, answerWithoutScript, itemsOf, lessonOf } from './quiz-helpers';

/** Lessons complete only when their items are answered: answer each (right) and check it. */
async function answerLesson(page: Page, slug: string, lessonId: string, script = true) {
	for (const item of itemsOf(await lessonOf(slug, lessonId))) {
		if (script) await answerByKeyboard(page, item, true);
		else await answerWithoutScript(page, item, true);
		await page.locator(`[id="item-${item.id}"]`).getByRole('button', { name: 'Antwort prüfen' }).click();
		await expect(page.locator(`[id="fb-${item.id}"]`)).not.toBeEmpty();
	}
}

const GRUNDLAGEN = '/courses/interkulturelle-kompetenz-grundlagen';
const WORK = '/courses/intercultural-communication-at-work';

test('the catalogue lists the seed courses and filters by language, audience and search', async ({ page, visit }) => {
	await visit('/courses');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kurse');
	for (const title of [
		'Interkulturelle Kompetenz – Grundlagen',
		'Beratung mit Sprachbarrieren und Dolmetschen',
		'Migrantische Unternehmen begleiten',
		'Interkulturelle Kommunikation im Betrieb'
	]) {
		await expect(page.getByRole('link', { name: title })).toBeVisible();
	}
	await expect(page.getByText('6 UE').first()).toBeVisible();

	await page.getByLabel('Sprache', { exact: true }).selectOption('en');
	await page.getByRole('button', { name: 'Filtern' }).click();
	await expect(page.getByRole('status')).toHaveText('1 Kurse gefunden');
	await expect(page.getByRole('link', { name: 'Interkulturelle Kommunikation im Betrieb' })).toBeVisible();

	await visit('/courses?q=Dolmetsch');
	await expect(page.getByRole('link', { name: 'Beratung mit Sprachbarrieren und Dolmetschen' })).toBeVisible();
	await expect(page.getByRole('status')).toHaveText('1 Kurse gefunden');
	await visit('/courses?audience=migrantenorganisation&q=zzzz');
	await expect(page.getByText('Keine Kurse gefunden')).toBeVisible();
});

test('unknown courses and lessons are a friendly 404; lessons need an enrolment', async ({ page }) => {
	const missing = await page.goto('/courses/gibt-es-nicht');
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');

	const t = demo('trainer');
	await login(page, t.email, t.password);
	await page.goto(`${GRUNDLAGEN}/lessons/wahrnehmung`);
	await expect(page).toHaveURL(new RegExp(`${GRUNDLAGEN}\\?notEnrolled=1$`));
	await expect(page.getByRole('button', { name: 'Jetzt einschreiben' })).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('button', { name: 'Jetzt einschreiben' }).click();
	const unknownLesson = await page.goto(`${GRUNDLAGEN}/lessons/gibt-es-nicht`);
	expect(unknownLesson?.status()).toBe(404);
});

test.describe('the learner way through a course', () => {
	test('enrol in every seed course, read, leave, come back and continue where they stopped', async ({ page, visit }) => {
		const a = demo('learner');
		await login(page, a.email, a.password);
		await visit('/learn');
		await expect(page.getByText('Sie sind noch in keinem Kurs eingeschrieben.')).toBeVisible();

		for (const slug of ['beratung-sprachbarrieren-dolmetschen', 'migrantische-unternehmen-begleiten', 'intercultural-communication-at-work', 'interkulturelle-kompetenz-grundlagen']) {
			await visit(`/courses/${slug}`);
			await page.getByRole('button', { name: 'Jetzt einschreiben' }).click();
			await expect(page.getByText('Sie sind eingeschrieben.')).toBeVisible();
		}

		await visit(GRUNDLAGEN);
		await page.getByRole('link', { name: 'Kurs beginnen' }).click();
		// The self-assessment comes first; it can be skipped (and is asked again at the next start).
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Selbsteinschätzung');
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Jetzt überspringen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Was ist Kultur? Mehr als Herkunft');
		await expectAccessible(page);
		// The H1 of the lesson file is not repeated; the glossary term links to the glossary page.
		await expect(page.locator('h1, h2').filter({ hasText: 'Was ist Kultur? Mehr als Herkunft' })).toHaveCount(1);
		await expect(page.locator('article a.glossary-term').first()).toHaveAttribute('href', /\/glossary#begriff-/);
		await expect(page.getByRole('complementary', { name: 'Lektionen' }).getByText('0 von 8 Lektionen abgeschlossen (0 %)')).toBeVisible();

		await answerLesson(page, 'interkulturelle-kompetenz-grundlagen', 'was-ist-kultur');
		await page.getByRole('button', { name: 'Lektion abschließen und weiter' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wahrnehmung: beschreiben, deuten, bewerten');
		await expect(page.getByText('1 von 8 Lektionen abgeschlossen (13 %)')).toBeVisible();

		// Leave, come back: the learner home and the course page lead back to the lesson they stopped at.
		await visit('/learn');
		await expect(page.getByText('Weiter mit: Wahrnehmung: beschreiben, deuten, bewerten')).toBeVisible();
		await page.getByRole('link', { name: 'Weiterlernen: Interkulturelle Kompetenz – Grundlagen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wahrnehmung: beschreiben, deuten, bewerten');
		await page.getByRole('link', { name: /Vorherige Lektion/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Was ist Kultur? Mehr als Herkunft');
		await expect(page.getByText('Sie haben diese Lektion abgeschlossen.')).toBeVisible();

		await page.getByRole('link', { name: 'Glossar' }).click();
		await expect(page.getByRole('term').filter({ hasText: 'Ökologischer Fehlschluss' })).toBeVisible();
		await expectAccessible(page);
		await visit(`${GRUNDLAGEN}/lessons/wahrnehmung/print`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wahrnehmung: beschreiben, deuten, bewerten');
	});

	test('the English interface shows the English original; a German reader can switch per course', async ({ page }) => {
		const a = demo('learner');
		await login(page, a.email, a.password);
		await page.goto(WORK);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interkulturelle Kommunikation im Betrieb');
		await page.getByLabel('Sprache dieses Kurses').selectOption('en');
		await page.getByRole('button', { name: 'Sprache übernehmen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Intercultural Communication at Work');
		await page.getByLabel('Sprache dieses Kurses').selectOption('');
		await page.getByRole('button', { name: 'Sprache übernehmen' }).click();

		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Intercultural Communication at Work');
		await page.getByRole('link', { name: 'Start the course' }).click();
		await page.getByRole('link', { name: 'Skip for now' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Culture at work: people, situations, structures');
		await expect(page.locator('article')).toHaveAttribute('lang', 'en');
		await expectAccessible(page);
		// A German-only course stays German (and says so with lang="de") in the English interface.
		await page.goto(GRUNDLAGEN);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interkulturelle Kompetenz – Grundlagen');
		await expect(page.getByText('Continue with: Wahrnehmung: beschreiben, deuten, bewerten')).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Deutsch' }).click();
	});

	test('the German translation uses its own German-labelled image', async ({ page }) => {
		const a = demo('learner');
		await login(page, a.email, a.password);
		await page.goto(`${WORK}/lessons/onboarding`);
		const img = page.locator('article img').first();
		await expect(img).toHaveAttribute('src', /onboarding-timeline\.de\.svg$/);
		const response = await page.request.get((await img.getAttribute('src'))!);
		expect(response.headers()['content-type']).toBe('image/svg+xml');
		expect(response.headers()['cache-control']).toContain('immutable');
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('enrol, complete a lesson and continue with plain forms', async ({ page }) => {
		const a = demo('manager');
		await login(page, a.email, a.password);
		await page.goto('/courses/beratung-sprachbarrieren-dolmetschen');
		await page.getByRole('button', { name: 'Jetzt einschreiben' }).click();
		await expect(page.getByText('Sie sind eingeschrieben.')).toBeVisible();
		await page.getByRole('link', { name: 'Kurs beginnen' }).click();
		await page.getByRole('link', { name: 'Jetzt überspringen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Amtssprache Deutsch – und dann? Der rechtliche Rahmen');
		await answerLesson(page, 'beratung-sprachbarrieren-dolmetschen', 'rechtlicher-rahmen', false);
		await page.getByRole('button', { name: 'Lektion abschließen und weiter' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Einfache Sprache im Gespräch');
		await expect(page.getByText('1 von 7 Lektionen abgeschlossen (14 %)')).toBeVisible();
		await page.goto('/learn');
		await expect(page.getByText('Weiter mit: Einfache Sprache im Gespräch')).toBeVisible();
	});
});

test('the admin sees every course folder with its live version', async ({ page, visit }) => {
	const a = demo('admin');
	await login(page, a.email, a.password);
	await visit('/admin');
	await page.getByRole('link', { name: 'Kurse und Importfehler ansehen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kurse');
	await expect(page.getByRole('row')).toHaveCount(5);
	await expect(page.getByRole('cell', { name: 'in Ordnung' })).toHaveCount(4);
	await page.getByRole('button', { name: 'Kursordner jetzt importieren' }).click();
	await expect(page.getByText('Die Kursordner sind importiert.')).toBeVisible();
});
