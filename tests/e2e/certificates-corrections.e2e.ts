import fs from 'node:fs';
import { test, expect, demo, login } from './fixtures';
import { signUp } from './orgs-helpers';
import { CERT_COURSE, openOwnCertificate, passFinalTest } from './certificates-helpers';

test.describe.configure({ timeout: 240_000, mode: 'serial' });

// A holder of our own: the name correction and the badge never touch a demo account's certificate.
const holder = { name: 'Jörg Tippfeler', email: `berichtigung-${Date.now()}@example.org`, password: 'ein langes passwort' };
const corrected = 'Jörg Tippfehler-Øzdemir';
let old = { path: '', code: '' };
let current = { path: '', code: '' };
let badge = '';

// A 1×1 PNG: enough for the upload's magic-byte check and for pdf-lib to embed.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function pdfOf(bytes: Buffer) {
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, isEvalSupported: false }).promise;
	const page = await doc.getPage(1);
	const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
	const ops = (await page.getOperatorList()).fnArray;
	return { text, images: ops.filter((op) => op === pdfjs.OPS.paintImageXObject).length };
}

test('a new learner passes and holds a certificate under a misspelt name', async ({ page, browser }) => {
	await signUp(browser, holder.name, holder.email, holder.password);
	await login(page, holder.email, holder.password);
	await passFinalTest(page);
	old = await openOwnCertificate(page);
	await expect(page.locator('.certificate .holder')).toHaveText(holder.name);
});

test('an admin corrects the name: a new certificate and code, the HTML, PDF and verify page show the new name, the old code says replaced', async ({ page, visit }) => {
	expect(old.code).not.toBe('');
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await visit(old.path);
	await page.getByRole('link', { name: 'Namen berichtigen …' }).click();
	await expect(page.getByRole('heading', { name: 'Namen berichtigen und neu ausstellen?' })).toBeVisible();
	await page.getByLabel('Berichtigter Name').fill(corrected);
	await page.getByRole('button', { name: 'Berichtigte Bescheinigung ausstellen' }).click();
	await expect(page.getByText('Die berichtigte Bescheinigung ist ausgestellt; die bisherige ist ersetzt.')).toBeVisible();
	await expect(page.locator('.certificate .holder')).toHaveText(corrected);
	current = { path: new URL(page.url()).pathname, code: (await page.locator('.certificate .code').innerText()).replace(/-/g, '') };
	expect(current.path).not.toBe(old.path);
	expect(current.code).not.toBe(old.code);
	const pdf = await page.request.get(`${current.path}/pdf`);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect((await pdfOf(await pdf.body())).text).toContain(corrected);

	// The old certificate, as the admin sees it: replaced, with the way to its successor.
	await visit(old.path);
	await expect(page.getByText('Ersetzt', { exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Zur Bescheinigung, die diese ersetzt' })).toHaveAttribute('href', current.path);
	await expect(page.getByRole('link', { name: 'Namen berichtigen …' })).toHaveCount(0);

	await visit(`/verify/${current.code}`);
	await expect(page.getByRole('status')).toHaveText('Gültig: Diese Bescheinigung ist echt und gültig.');
	await expect(page.getByText(corrected, { exact: true })).toBeVisible();
	await visit(`/verify/${old.code}`);
	await expect(page.getByRole('status')).toHaveText('Ersetzt: Diese Bescheinigung wurde durch eine berichtigte Fassung ersetzt und gilt nicht mehr.');
	// The old code names nobody and does not lead to the new certificate.
	const body = await page.locator('main').innerText();
	expect(body).not.toContain(holder.name);
	expect(body).not.toContain(corrected);
	expect(body).not.toContain(current.code.slice(0, 4));
});

test('the holder sees only the corrected certificate in their list', async ({ page, visit }) => {
	await login(page, holder.email, holder.password);
	await visit('/learn');
	const list = page.getByRole('region', { name: 'Meine Bescheinigungen' });
	await expect(list.getByRole('link', { name: `Bescheinigung ansehen: ${CERT_COURSE}` })).toHaveAttribute('href', current.path);
});

test('an admin uploads an issuer logo: it appears on the HTML certificate and the PDF embeds it', async ({ page, visit }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	const before = await pdfOf(await (await page.request.get(`${current.path}/pdf`)).body());
	await visit('/admin/certificates/issuer');
	await page.getByLabel('Logo (PNG oder JPEG)').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
	await page.getByRole('button', { name: 'Speichern' }).click();
	await expect(page.getByText('Ein Logo ist hinterlegt; eine neue Datei ersetzt es.')).toBeVisible();

	await visit(current.path);
	const logo = page.getByRole('img', { name: 'Logo: IHK Oldenburg (Demo)' });
	await expect(logo).toBeVisible();
	expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
	const served = await page.request.get(`${current.path}/logo`);
	expect(served.headers()['content-type']).toBe('image/png');
	expect(Buffer.compare(await served.body(), PNG)).toBe(0);

	const response = await page.request.get(`${current.path}/pdf`);
	expect(response.headers()['content-type']).toBe('application/pdf');
	const body = await response.body();
	expect(body.length).toBeGreaterThan(1000);
	const after = await pdfOf(body);
	expect(after.text).toContain(corrected);
	// One image more than before: the logo (the QR code is drawn as vector paths, not an image).
	expect(after.images).toBe(before.images + 1);
});

test('someone who may not see the certificate gets no logo from it either', async ({ page }) => {
	const other = demo('learner');
	await login(page, other.email, other.password);
	expect((await page.request.get(`${current.path}/logo`)).status()).toBe(404);
});

test('the holder downloads the badge of the corrected certificate', async ({ page }) => {
	await login(page, holder.email, holder.password);
	await page.goto(current.path);
	await page.getByRole('button', { name: 'Zustimmen und Open Badge erstellen' }).click();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Open Badge herunterladen' }).click()]);
	badge = fs.readFileSync((await download.path())!, 'utf8');
	expect(badge.split('.')).toHaveLength(3);
});

test.describe('checking a badge on the public page', () => {
	test('anyone pastes the badge and sees valid with achievement, issuer, dates and only the name', async ({ page, visit }) => {
		expect(badge).not.toBe('');
		await visit('/verify');
		await page.getByRole('link', { name: 'Ein Open Badge prüfen (eingefügt oder als Datei)' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Open Badge prüfen' })).toBeVisible();
		await page.getByLabel('Open Badge (JWT) einfügen').fill(badge);
		await page.getByRole('button', { name: 'Badge prüfen' }).click();
		await expect(page.getByRole('status')).toHaveText('Gültig: Die Signatur ist echt, das Open Badge ist weder widerrufen noch abgelaufen.');
		const facts = page.locator('dl.facts');
		await expect(facts.getByText(corrected, { exact: true })).toBeVisible();
		await expect(facts.getByText(CERT_COURSE, { exact: true })).toBeVisible();
		await expect(facts.getByText('IHK Oldenburg (Demo)', { exact: true })).toBeVisible();
		expect(await page.locator('main').innerText()).not.toContain(holder.email);
	});

	test('a tampered badge says invalid signature, random text says unreadable', async ({ page, visit }) => {
		const [h, p, s] = badge.split('.') as [string, string, string];
		const vc = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
		vc.credentialSubject.identifier[0].identityHash = 'Jemand Anderes';
		const tampered = `${h}.${Buffer.from(JSON.stringify(vc)).toString('base64url')}.${s}`;
		await visit('/verify/badge');
		await page.getByLabel('Open Badge (JWT) einfügen').fill(tampered);
		await page.getByRole('button', { name: 'Badge prüfen' }).click();
		await expect(page.getByRole('status')).toHaveText(/^Ungültige Signatur:/);
		await expect(page.getByText('Jemand Anderes')).toHaveCount(0);

		await page.getByLabel('Open Badge (JWT) einfügen').fill('Das hier ist kein Badge, sondern ein Gedicht.');
		await page.getByRole('button', { name: 'Badge prüfen' }).click();
		await expect(page.getByRole('status')).toHaveText(/^Kein lesbares Open Badge:/);
	});

	test('a post from a foreign origin gets 403, an oversized one 413 before it is read whole', async ({ page, baseURL }) => {
		const foreign = await page.request.post('/verify/badge', { multipart: { badge }, headers: { origin: 'https://evil.example', accept: 'text/html' } });
		expect(foreign.status()).toBe(403);
		// Last on this connection: the server stops reading an oversized body, which leaves the connection unusable.
		const big = await page.request.post('/verify/badge', { multipart: { badge: 'x'.repeat(300 * 1024) }, headers: { origin: baseURL!, accept: 'text/html' } });
		expect(big.status()).toBe(413);
		expect(await big.text()).toContain('Die Eingabe ist zu groß für ein Open Badge');
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the downloaded badge file is uploaded and checked; an empty form gets a message', async ({ page }) => {
		await page.goto('/verify/badge');
		await page.getByRole('button', { name: 'Badge prüfen' }).click();
		await expect(page.getByText('Bitte fügen Sie das Open Badge ein oder wählen Sie die heruntergeladene Datei aus.')).toBeVisible();
		await page.getByLabel('… oder die heruntergeladene Badge-Datei').setInputFiles({ name: 'OpenBadge.jwt', mimeType: 'application/vc+jwt', buffer: Buffer.from(badge) });
		await page.getByRole('button', { name: 'Badge prüfen' }).click();
		await expect(page.getByRole('status')).toHaveText(/^Gültig:/);
		await expect(page.locator('dl.facts').getByText(corrected, { exact: true })).toBeVisible();
	});
});
