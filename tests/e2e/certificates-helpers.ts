import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { answerByKeyboard, itemsOf, lessonOf } from './quiz-helpers';

export const CERT_SLUG = 'migrantische-unternehmen-begleiten';
export const CERT_COURSE = 'Migrantische Unternehmen begleiten';

/** Enrols the signed-in user if needed and passes the seed course's final test (issues its Zertifikat). */
export async function passFinalTest(page: Page) {
	await page.goto(`/courses/${CERT_SLUG}`);
	const enrol = page.getByRole('button', { name: 'Jetzt einschreiben' });
	if (await enrol.count()) await enrol.click();
	await page.goto(`/courses/${CERT_SLUG}/lessons/abschlusstest`);
	const start = page.getByRole('button', { name: /Test beginnen|Neuer Versuch/ });
	if (await start.isVisible()) await start.click();
	for (const item of itemsOf(await lessonOf(CERT_SLUG, 'abschlusstest'))) await answerByKeyboard(page, item, true);
	await page.getByRole('button', { name: 'Antworten abgeben' }).click();
	await expect(page.getByText('Bestanden!')).toBeVisible();
}

/** Opens the signed-in learner's certificate for the seed course; returns its path and code (no dashes). */
export async function openOwnCertificate(page: Page): Promise<{ path: string; code: string }> {
	await page.goto('/learn');
	const list = page.getByRole('region', { name: 'Meine Bescheinigungen' });
	await list.getByRole('link', { name: `Bescheinigung ansehen: ${CERT_COURSE}` }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Zertifikat' })).toBeVisible();
	const code = (await page.locator('.certificate .code').innerText()).replace(/-/g, '');
	return { path: new URL(page.url()).pathname, code };
}
