import fs from 'node:fs';
import { test, expect, login, demo } from './fixtures';
import { readZip } from '../../src/lib/server/export/zip-stream';

const COURSE = 'Beratung mit Sprachbarrieren und Dolmetschen';

test('the demo evaluator reads the funnel, filters to a course and finds its pre/post effect and hardest item', async ({ page, visit }) => {
	const e = demo('evaluator');
	await login(page, e.email, e.password);
	await visit('/evaluate');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Auswertung');
	const funnel = page.getByRole('table', { name: 'Von der Einschreibung bis zum Bestehen' });
	await expect(funnel.getByRole('row', { name: /Eingeschrieben/ })).toContainText(/\d{2,}/);
	await expect(page.getByRole('img', { name: /Diagramm: Von der Einschreibung/ })).toBeVisible();

	await page.getByLabel('Kurs', { exact: true }).selectOption({ label: COURSE });
	await page.getByRole('button', { name: 'Filter anwenden' }).click();
	await expect(page).toHaveURL(/course=beratung-sprachbarrieren-dolmetschen/);
	const prePost = page.getByRole('table', { name: 'Selbsteinschätzung vorher und nachher' });
	await expect(prePost).toBeVisible();
	// d_z with its interval, in German notation: "0,84 [0,51; 1,17]".
	await expect(prePost.getByRole('cell', { name: /^\d,\d\d \[-?\d,\d\d; \d,\d\d\]$/ }).first()).toBeVisible();
	await expect(page.getByText(/^Schwerste Aufgabe: „.+“ \(.+\), p = \d,\d\d\.$/)).toBeVisible();
	await expect(page.getByRole('table', { name: 'Lernzeit und Ausstieg je Lektion' })).toBeVisible();
});

test('with JavaScript, the statements download shows rows written of the total until it is done', async ({ page, visit }) => {
	const e = demo('evaluator');
	await login(page, e.email, e.password);
	await visit('/evaluate?course=beratung-sprachbarrieren-dolmetschen');
	const form = page.locator('form', { has: page.getByRole('heading', { name: 'Lernaufzeichnungen (pseudonymisiert)' }) });
	await form.getByLabel('Format').selectOption('csv');
	const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Lernaufzeichnungen herunterladen' }).click()]);
	// The form posts (a study key must never be in a URL); the token in its body names this run, and the
	// download itself is the browser's, as without JavaScript.
	expect(new URL(download.url()).pathname).toBe('/evaluate/export');
	const status = form.getByRole('status');
	await expect(status.getByText(/^Fertig: [\d.]+ Zeilen geschrieben\.$/)).toBeVisible();
	await expect(status.getByRole('progressbar', { name: 'Fortschritt des Exports' })).toBeVisible();
	const rows = Number((await status.getByText(/^Fertig/).textContent())!.replace(/\D/g, ''));
	const csv = new TextDecoder().decode(readZip(new Uint8Array(fs.readFileSync((await download.path())!))).get('statements.csv'));
	expect(csv.trimEnd().split('\r\n').length - 1).toBe(rows);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('filters are a plain GET form, and unknown values are ignored with a notice', async ({ page }) => {
		const e = demo('evaluator');
		await login(page, e.email, e.password);
		await page.goto('/evaluate?orgtype=zirkus&from=2026-02-31&course=beratung-sprachbarrieren-dolmetschen');
		await expect(page.getByText(/Diese Filter waren ungültig oder nicht verfügbar und wurden nicht angewendet: Art der Organisation, Eingeschrieben ab\./)).toBeVisible();
		await expect(page.getByRole('heading', { name: /Beratung mit Sprachbarrieren/, level: 2 })).toBeVisible();
		await page.getByLabel('Art der Organisation', { exact: true }).selectOption('kammer');
		await page.getByRole('button', { name: 'Filter anwenden' }).click();
		await expect(page).toHaveURL(/orgtype=kammer/);
		await expect(page.getByText(/Diese Filter waren ungültig/)).toHaveCount(0);
	});

	test('the evaluator downloads the course tables as CSV for German Excel, umlauts intact, with the codebook', async ({ page }) => {
		const e = demo('evaluator');
		await login(page, e.email, e.password);
		await page.goto('/evaluate?course=beratung-sprachbarrieren-dolmetschen');
		const form = page.locator('form', { has: page.getByRole('heading', { name: 'Tabellen (zusammengefasst)' }) });
		await form.getByLabel('Format').selectOption('csv');
		await form.getByLabel('CSV-Variante').selectOption('excel');
		const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Tabellen herunterladen' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^auswertung-tabellen-\d{8}-\d{4}\.zip$/);
		const files = readZip(new Uint8Array(fs.readFileSync((await download.path())!)));
		const lessons = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files.get('lessons.csv'));
		// What Excel needs to open it right: the BOM, semicolons, and the umlauts as UTF-8.
		expect(lessons.startsWith('\uFEFFlesson;reached;completed;')).toBe(true);
		expect(lessons).toContain('Verständnis sichern');
		const codebook = new TextDecoder().decode(files.get('codebuch.md'));
		expect(codebook).toContain('Filter: course=beratung-sprachbarrieren-dolmetschen');
		expect(codebook).toContain('Kursversionen');
	});

	test('the evaluator downloads the pseudonymised learning records as xAPI NDJSON: no names, no e-mails, pre/post linked', async ({ page }) => {
		const e = demo('evaluator');
		await login(page, e.email, e.password);
		await page.goto('/evaluate?course=beratung-sprachbarrieren-dolmetschen');
		const form = page.locator('form', { has: page.getByRole('heading', { name: 'Lernaufzeichnungen (pseudonymisiert)' }) });
		await form.getByLabel('Format').selectOption('ndjson');
		const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Lernaufzeichnungen herunterladen' }).click()]);
		const files = readZip(new Uint8Array(fs.readFileSync((await download.path())!)));
		const ndjson = new TextDecoder().decode(files.get('statements.ndjson'));
		const lines = ndjson.trimEnd().split('\n').map((l) => JSON.parse(l));
		expect(lines.length).toBeGreaterThan(100);
		expect(ndjson).not.toMatch(/@synthetisch\.invalid|Synthetische Person|@lernbruecke\.example/);
		for (const l of lines) expect(l.actor.account.name).toMatch(/^p_[0-9a-f]{20}$/);
		const phase = (l: { context: { extensions?: Record<string, string> } }) => Object.values(l.context.extensions ?? {})[0];
		const pre = new Set(lines.filter((l) => phase(l) === 'pre').map((l) => l.actor.account.name));
		const post = lines.filter((l) => phase(l) === 'post').map((l) => l.actor.account.name);
		// Learners who answered afterwards mostly answered before too: the same pseudonym links both.
		expect(post.filter((p) => pre.has(p)).length).toBeGreaterThan(0);
		expect(new TextDecoder().decode(files.get('codebuch.md'))).toContain('HMAC-SHA-256');
	});

	test('a learner may not open the evaluation', async ({ page }) => {
		const l = demo('learner');
		await login(page, l.email, l.password);
		const res = await page.goto('/evaluate');
		expect(res?.status()).toBe(403);
	});
});
