import fs from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { test, expect, login, demo, expectAccessible } from './fixtures';
import { readZip } from '../../src/lib/server/export/zip-stream';
import { signUp, TISCHLEREI } from './orgs-helpers';

/**
 * Studies (#8, decision 009): the evaluator creates a study, sees its key once, and exports the
 * pseudonymised learning records twice with it — the person pseudonyms of both files match, while a plain
 * export has pseudonyms of its own.
 */
const COURSE = 'beratung-sprachbarrieren-dolmetschen';

async function createStudy(page: Page, name: string): Promise<string> {
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Studie anlegen' }).click();
	await expect(page.getByText(`Studie „${name}“ angelegt.`)).toBeVisible();
	await expect(page.getByText(/Er wird nur dieses eine Mal angezeigt/)).toBeVisible();
	const key = (await page.getByTestId('study-key').textContent())!.trim();
	expect(key).toMatch(/^([2-9A-HJ-NP-Z]{4}-){12}[2-9A-HJ-NP-Z]{4}$/);
	// The form is empty again, so that a second click cannot create the same study twice.
	await expect(page.getByLabel('Name')).toHaveValue('');
	return key;
}

async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Abmelden' }).click();
	await expect(page.getByRole('button', { name: 'Abmelden' })).toHaveCount(0);
}

const statementsForm = (page: Page) => page.locator('form', { has: page.getByRole('heading', { name: 'Lernaufzeichnungen (pseudonymisiert)' }) });

async function exportFor(form: Locator, page: Page, study: string | null, key: string, format: 'csv' | 'ndjson' = 'ndjson'): Promise<Download> {
	await form.getByLabel('Format').selectOption(format);
	if (study) {
		await form.getByLabel(/^für eine Studie/).check();
		await form.getByLabel('Studie', { exact: true }).selectOption({ label: study });
		await form.getByLabel('Studienschlüssel', { exact: true }).fill(key);
	} else {
		await form.getByLabel(/^nur für diesen Export/).check();
	}
	const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Lernaufzeichnungen herunterladen' }).click()]);
	return download;
}

const filesOf = async (d: Download) => readZip(new Uint8Array(fs.readFileSync((await d.path())!)));
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

async function ndjsonPeople(d: Download) {
	const files = await filesOf(d);
	const lines = text(files.get('statements.ndjson'))
		.trimEnd()
		.split('\n')
		.map((l) => JSON.parse(l) as { actor: { account: { name: string } }; context: { registration: string } });
	return { people: new Set(lines.map((l) => l.actor.account.name)), count: lines.length, files };
}

test('the evaluator creates a study, sees its key once, and two exports with it share the person pseudonyms', async ({ page, visit }) => {
	const e = demo('evaluator');
	await login(page, e.email, e.password);
	await visit('/evaluate');
	await page.getByRole('link', { name: 'Studien verwalten' }).first().click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Studien');

	// A name that is too long is refused at the field, and what was typed stays.
	const long = 'x'.repeat(201);
	await page.getByLabel('Name').fill(long);
	await page.getByRole('button', { name: 'Studie anlegen' }).click();
	await expect(page.getByText('Bitte höchstens 200 Zeichen.')).toBeVisible();
	await expect(page.getByLabel('Name')).toHaveValue(long);
	await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page);

	const name = `Vorher-nachher ${Date.now()}`;
	const key = await createStudy(page, name);
	await expectAccessible(page);
	// The key file says what the page says, and that the platform cannot recover the key.
	const [keyFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Schlüssel als Textdatei herunterladen' }).click()]);
	const keyText = fs.readFileSync((await keyFile.path())!, 'utf8');
	expect(keyText).toContain(key);
	expect(keyText).toContain(name);
	expect(keyText).toMatch(/kann ihn nicht wiederherstellen/);
	await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('offen');
	// Shown once: a reload lists the study, but not its key.
	await visit('/evaluate/studies');
	await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
	await expect(page.getByText(key)).toHaveCount(0);

	await visit(`/evaluate?course=${COURSE}`);
	const form = statementsForm(page);
	// Study fields appear only when "for a study" is chosen (with JavaScript).
	await expect(form.getByLabel('Studienschlüssel', { exact: true })).toHaveCount(0);
	const first = await ndjsonPeople(await exportFor(form, page, name, key));
	// The progress element follows the posted form as it followed the GET.
	await expect(form.getByRole('status').getByText(/^Fertig: [\d.]+ Zeilen geschrieben\.$/)).toBeVisible();
	const second = await ndjsonPeople(await exportFor(form, page, name, key.toLowerCase().replace(/-/g, ' ')));
	expect(first.count).toBeGreaterThan(100);
	expect(second.people).toEqual(first.people);
	const codebook = text(first.files.get('codebuch.md'));
	expect(codebook).toContain(`Studie: ${name} (`);
	expect(codebook).toContain('stabil über alle Exporte dieser Studie mit demselben Studienschlüssel');

	// The default stays per export: none of the study's pseudonyms.
	const plain = await ndjsonPeople(await exportFor(form, page, null, ''));
	expect([...plain.people].filter((p) => first.people.has(p))).toEqual([]);

	// A mistyped key exports nothing and says why, next to the key field.
	await form.getByLabel(/^für eine Studie/).check();
	await form.getByLabel('Studie', { exact: true }).selectOption({ label: name });
	await form.getByLabel('Studienschlüssel', { exact: true }).fill(key.replace(/^./, key[0] === 'A' ? 'B' : 'A'));
	await form.getByRole('button', { name: 'Lernaufzeichnungen herunterladen' }).click();
	await expect(page.getByText('Es wurde nichts exportiert: Studie oder Studienschlüssel passen nicht.', { exact: false })).toBeVisible();
	// The key went in the form's body: neither the page's address nor the export's contains it.
	expect(page.url()).not.toContain(key.slice(5));
	expect(page.url()).not.toContain(key.replace(/-/g, '').slice(4));
	await expect(statementsForm(page).getByText(/Der Schlüssel passt nicht zu dieser Studie/)).toBeVisible();
	await expectAccessible(page);

	// The list counts the two exports made with the study.
	await visit('/evaluate/studies');
	await expect(page.getByRole('row', { name: new RegExp(name) }).getByRole('cell').nth(3)).toHaveText('2');
});

test("an organisation-scoped evaluator neither sees nor uses nor closes another organisation's study", async ({ page, browser, baseURL, visit }) => {
	test.setTimeout(120_000);
	const stamp = Date.now();
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	// The admin (an unscoped evaluator) creates a study for the Kreisverwaltung …
	await visit('/evaluate/studies');
	const foreign = `Kreis-Studie ${stamp}`;
	await page.getByLabel('Name').fill(foreign);
	await page.getByLabel('Organisation').selectOption({ label: 'Landkreis Holzminden – Kreisverwaltung (Demo)' });
	// An impatient double click still creates one study, and the whole form is empty afterwards.
	await page.getByRole('button', { name: 'Studie anlegen' }).dblclick();
	const key = (await page.getByTestId('study-key').textContent())!.trim();
	await expect(page.getByRole('row', { name: new RegExp(foreign) })).toHaveCount(1);
	await expect(page.getByLabel('Name')).toHaveValue('');
	await expect(page.getByLabel('Organisation')).toHaveValue('');
	const closeHref = await page.getByRole('link', { name: `Studie „${foreign}“ abschließen` }).getAttribute('href');
	const studyId = new URLSearchParams(closeHref!.slice(1)).get('confirm')!;
	// … and makes a new account an evaluator limited to the Tischlerei.
	const email = `eval-tischlerei-${stamp}@example.org`;
	await signUp(browser, 'Eva Tischlerei', email);
	await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
	await page.getByRole('link', { name: 'Eva Tischlerei' }).click();
	await page.getByLabel('Organisation', { exact: true }).selectOption({ label: TISCHLEREI });
	await page.getByRole('checkbox', { name: 'Evaluation', exact: true }).check();
	await page.getByLabel('Evaluation nur für die eigene Organisation').check();
	await page.getByRole('button', { name: 'Speichern', exact: true }).click();
	await signOut(page);

	await login(page, email, 'ein langes passwort');
	await visit('/evaluate/studies');
	await expect(page.getByText(foreign)).toHaveCount(0);
	await expect(page.getByText(/^Noch keine Studien\./)).toBeVisible();
	await page.goto(`/evaluate/studies?confirm=${studyId}`);
	await expect(page.getByText(`Studie „${foreign}“ abschließen?`)).toHaveCount(0);
	const post = (path: string, form: Record<string, string>) => page.request.post(path, { form, headers: { origin: baseURL! }, maxRedirects: 0 });
	expect((await post('/evaluate/studies?/close', { id: studyId })).status()).toBe(404);
	const exported = await post('/evaluate/export', { data: 'statements', format: 'ndjson', pseudonyms: 'study', study: studyId, key });
	expect(exported.status()).toBe(404);
	// Her own study is for her organisation, without a choice.
	await visit('/evaluate/studies');
	await expect(page.getByText(`Organisation: ${TISCHLEREI}.`)).toBeVisible();
	await createStudy(page, `Tischlerei-Studie ${stamp}`);
	await expect(page.getByRole('row', { name: new RegExp(`Tischlerei-Studie ${stamp}`) })).toContainText(TISCHLEREI);

	// The study is still open for the admin.
	await signOut(page);
	await login(page, admin.email, admin.password);
	await visit('/evaluate/studies');
	await expect(page.getByRole('row', { name: new RegExp(foreign) })).toHaveCount(1);
	await expect(page.getByRole('row', { name: new RegExp(foreign) })).toContainText('offen');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the evaluator creates a study, exports CSV with its key, and closes it after a confirmation', async ({ page }) => {
		const e = demo('evaluator');
		await login(page, e.email, e.password);
		await page.goto('/evaluate/studies');
		const name = `Ohne Skript ${Date.now()}`;
		// The server-rendered page keeps a refused name, too.
		await page.getByLabel('Name').fill(`${name} ${'x'.repeat(200)}`);
		await page.getByRole('button', { name: 'Studie anlegen' }).click();
		await expect(page.getByText('Bitte höchstens 200 Zeichen.')).toBeVisible();
		await expect(page.getByLabel('Name')).toHaveValue(`${name} ${'x'.repeat(200)}`);
		const key = await createStudy(page, name);

		await page.goto(`/evaluate?course=${COURSE}`);
		const form = statementsForm(page);
		const csvPeople = async (d: Download) => {
			const rows = text((await filesOf(d)).get('statements.csv'))
				.replace(/^\uFEFF/, '')
				.trimEnd()
				.split('\r\n')
				.map((l) => l.split(';'));
			return { people: new Set(rows.slice(1).map((r) => r[rows[0]!.indexOf('person')])), download: d };
		};
		const one = await csvPeople(await exportFor(form, page, name, key, 'csv'));
		expect(one.people.size).toBeGreaterThan(5);
		const codebook = text((await filesOf(one.download)).get('codebuch.md'));
		expect(codebook).toContain(`Studie: ${name} (`);
		const two = await csvPeople(await exportFor(form, page, name, key, 'csv'));
		expect(two.people).toEqual(one.people);

		await page.goto('/evaluate/studies');
		await page.getByRole('link', { name: `Studie „${name}“ abschließen` }).click();
		await expect(page.getByText(`Studie „${name}“ abschließen?`)).toBeVisible();
		await page.getByRole('button', { name: 'Ja, Studie abschließen' }).click();
		await expect(page.getByText('Studie abgeschlossen.')).toBeVisible();
		await expect(page.getByRole('row', { name: new RegExp(name) })).not.toContainText('offen');
		// A closed study is no longer offered for exports.
		await page.goto(`/evaluate?course=${COURSE}`);
		await expect(statementsForm(page).getByLabel('Studie', { exact: true }).getByRole('option', { name })).toHaveCount(0);
	});
});
