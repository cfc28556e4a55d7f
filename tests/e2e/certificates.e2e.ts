import type { Page } from '@playwright/test';
import { test, expect, demo, login } from './fixtures';
import { answerByKeyboard, itemsOf, lessonOf } from './quiz-helpers';

const SLUG = 'migrantische-unternehmen-begleiten';
const TEST = `/courses/${SLUG}/lessons/abschlusstest`;

test.describe.configure({ timeout: 240_000, mode: 'serial' });

/** The manager account also learns; using it keeps the demo learner's courses to the quiz tests. */
const holder = demo('manager');

async function passFinalTest(page: Page) {
	await page.goto(`/courses/${SLUG}`);
	const enrol = page.getByRole('button', { name: 'Jetzt einschreiben' });
	if (await enrol.count()) await enrol.click();
	await page.goto(TEST);
	const start = page.getByRole('button', { name: /Test beginnen|Neuer Versuch/ });
	if (await start.isVisible()) await start.click();
	for (const item of itemsOf(await lessonOf(SLUG, 'abschlusstest'))) await answerByKeyboard(page, item, true);
	await page.getByRole('button', { name: 'Antworten abgeben' }).click();
	await expect(page.getByText('Bestanden!')).toBeVisible();
}

async function pdfText(bytes: Buffer): Promise<string> {
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, isEvalSupported: false }).promise;
	const content = await (await doc.getPage(1)).getTextContent();
	return content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
}

let certificatePath = '';
let verifyUrl = '';

test('passing the final test issues a Zertifikat: listed on /learn and the course page, viewable as HTML, downloadable as PDF', async ({ page, visit }) => {
	await login(page, holder.email, holder.password);
	await passFinalTest(page);

	await visit('/learn');
	const list = page.getByRole('region', { name: 'Meine Bescheinigungen' });
	await expect(list.getByText('Migrantische Unternehmen begleiten')).toBeVisible();
	await expect(list.getByText('Gültig', { exact: true })).toBeVisible();
	await list.getByRole('link', { name: 'Bescheinigung ansehen: Migrantische Unternehmen begleiten' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Zertifikat' })).toBeVisible();
	await expect(page.getByText(holder.name, { exact: true })).toBeVisible();
	await expect(page.getByText(/5,5 Unterrichtseinheiten à 45 Minuten/)).toBeVisible();
	await expect(page.getByText('IHK Oldenburg (Demo)').first()).toBeVisible();
	certificatePath = new URL(page.url()).pathname;

	const response = await page.request.get(`${certificatePath}/pdf`);
	expect(response.headers()['content-type']).toBe('application/pdf');
	const text = await pdfText(await response.body());
	expect(text).toContain(holder.name);
	expect(text).toContain('Migrantische Unternehmen begleiten');
	verifyUrl = text.match(/https?:\/\/\S+\/verify\/[2-9A-HJ-NP-Z]{12}/)![0];

	await visit(`/courses/${SLUG}`);
	await expect(page.getByRole('heading', { name: 'Ihre Bescheinigung für diesen Kurs' })).toBeVisible();
});

test('someone else cannot open or download the certificate', async ({ page }) => {
	expect(certificatePath).not.toBe('');
	const other = demo('learner');
	await login(page, other.email, other.password);
	expect((await page.request.get(certificatePath)).status()).toBe(404);
	expect((await page.request.get(`${certificatePath}/pdf`)).status()).toBe(404);
});

test('anyone opens the verify URL from the PDF and sees valid, the course, the issuer and only the name', async ({ page, visit }) => {
	expect(verifyUrl).not.toBe('');
	await visit(new URL(verifyUrl).pathname);
	await expect(page.getByRole('status')).toHaveText('Gültig: Diese Bescheinigung ist echt und gültig.');
	await expect(page.getByText(holder.name, { exact: true })).toBeVisible();
	await expect(page.getByText('Migrantische Unternehmen begleiten')).toBeVisible();
	await expect(page.getByText('IHK Oldenburg (Demo)')).toBeVisible();
	const body = await page.locator('main').innerText();
	expect(body).not.toContain(holder.email);
	expect(body).not.toMatch(/Tischlerei|%|Punkte/);
});

test('the verify form accepts a code as people type it and says unknown for a tampered one', async ({ page, visit }) => {
	const code = verifyUrl.slice(-12);
	await visit('/verify');
	await page.getByLabel('Prüfcode').fill(`${code.slice(0, 4).toLowerCase()} ${code.slice(4, 8)}-${code.slice(8)}`);
	await page.getByRole('button', { name: 'Prüfen' }).click();
	await expect(page.getByRole('status')).toHaveText(/^Gültig/);
	expect(new URL(page.url()).pathname).toBe(`/verify/${code}`);

	const tampered = code.slice(0, 11) + (code[11] === 'Z' ? 'Y' : 'Z');
	await visit(`/verify/${tampered}`);
	await expect(page.getByRole('status')).toHaveText(/^Unbekannt/);
	await expect(page.getByText(holder.name)).toHaveCount(0);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('a code that cannot be one gets a message at the field', async ({ page }) => {
		await page.goto('/verify');
		await page.getByLabel('Prüfcode').fill('0000-1111-OOOO');
		await page.getByRole('button', { name: 'Prüfen' }).click();
		await expect(page.getByText('Ein Prüfcode hat 12 Zeichen: Buchstaben und die Ziffern 2 bis 9.')).toBeVisible();
		await expect(page.getByLabel('Prüfcode')).toHaveAttribute('aria-invalid', 'true');
	});
});
