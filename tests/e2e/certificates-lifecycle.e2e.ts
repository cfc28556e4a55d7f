import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicKey, verify } from 'node:crypto';
import jsQR from 'jsqr';
import { test, expect, demo, login } from './fixtures';
import { signUp } from './orgs-helpers';
import { CERT_COURSE, CERT_SLUG, openOwnCertificate, passFinalTest } from './certificates-helpers';

test.describe.configure({ timeout: 240_000, mode: 'serial' });

// A holder of our own, so revoking never touches a demo account's certificate.
const holder = { name: 'Ægir Çelik-Widerruf', email: `widerruf-${Date.now()}@example.org`, password: 'ein langes passwort' };
let cert = { path: '', code: '' };
let badgeId = '';

test('a new learner passes the final test and holds a valid certificate', async ({ page, browser }) => {
	await signUp(browser, holder.name, holder.email, holder.password);
	await login(page, holder.email, holder.password);
	await passFinalTest(page);
	cert = await openOwnCertificate(page);
	expect(cert.code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
	// The holder cannot revoke their own certificate.
	await expect(page.getByRole('link', { name: 'Bescheinigung widerrufen …' })).toHaveCount(0);
});

/** The PDF's first page as pixels (what a person looks at), and its text. */
async function renderPdf(bytes: Buffer) {
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const { createCanvas } = await import('@napi-rs/canvas');
	const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, isEvalSupported: false }).promise;
	const page = await doc.getPage(1);
	const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
	const viewport = page.getViewport({ scale: 2 });
	const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
	const ctx = canvas.getContext('2d');
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pdf.js types expect a DOM canvas context
	await page.render({ canvasContext: ctx as any, viewport }).promise;
	return { text, canvas, image: ctx.getImageData(0, 0, canvas.width, canvas.height) };
}

test('the holder downloads the PDF: rendered to PNG it shows name, course, UE and outline, and its QR code opens the verify page', async ({ page, visit }) => {
	await login(page, holder.email, holder.password);
	await page.goto(cert.path);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als PDF herunterladen' }).click()]);
	const bytes = fs.readFileSync((await download.path())!);
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
	const { text, canvas, image } = await renderPdf(bytes);
	for (const s of [holder.name, CERT_COURSE, '5,5 Unterrichtseinheiten à 45 Minuten', 'Anerkennung ausländischer Berufsabschlüsse', 'Abschlusstest']) expect(text).toContain(s);
	// Kept for a person to look at after the run.
	fs.writeFileSync(path.join(os.tmpdir(), 'lb-e2e-certificate.png'), await canvas.encode('png'));
	const qr = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
	expect(qr).toMatch(new RegExp(`/verify/${cert.code}$`));
	await visit(new URL(qr!).pathname);
	await expect(page.getByRole('status')).toHaveText('Gültig: Diese Bescheinigung ist echt und gültig.');
	await expect(page.getByText(holder.name, { exact: true })).toBeVisible();
});

test('the holder opts in and downloads the certificate as an Open Badge that verifies with the published key', async ({ page }) => {
	await login(page, holder.email, holder.password);
	await page.goto(cert.path);
	expect((await page.request.get(`${cert.path}/badge`)).status()).toBe(404);
	await page.getByRole('button', { name: 'Zustimmen und Open Badge erstellen' }).click();
	await expect(page.getByText('Ihre Zustimmung ist gespeichert.')).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Open Badge herunterladen' }).click()]);
	const jwt = fs.readFileSync((await download.path())!, 'utf8');
	const [h, p, s] = jwt.split('.');
	const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
	const vc = JSON.parse(Buffer.from(p!, 'base64url').toString());
	expect(vc['@context'][0]).toBe('https://www.w3.org/ns/credentials/v2');
	expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
	expect(vc.credentialSubject.achievement.name).toBe(CERT_COURSE);
	expect(vc.credentialSubject.identifier[0].identityHash).toBe(holder.name);
	const jwks = await (await page.request.get('/badges/jwks.json')).json();
	const jwk = jwks.keys.find((k: { kid: string }) => k.kid === header.kid);
	const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
	expect(verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'))).toBe(true);
	const issuer = await (await page.request.get(new URL(vc.issuer.id).pathname)).json();
	expect(issuer).toMatchObject({ type: ['Profile'], id: vc.issuer.id });
	const list = await (await page.request.get(new URL(vc.credentialStatus.id).pathname)).json();
	expect(list.revokedCredentials).not.toContainEqual({ id: vc.id });
	badgeId = vc.id;
});

test('the issuing organisation’s trainer sees it in the course’s register', async ({ page, visit }) => {
	const trainer = demo('trainer');
	await login(page, trainer.email, trainer.password);
	await visit(`/trainer/courses/${CERT_SLUG}`);
	const register = page.getByRole('table', { name: 'Ausgestellte Bescheinigungen' });
	await expect(register.getByRole('link', { name: holder.name })).toBeVisible();
});

test('an admin finds it by code, revokes it after confirming with a reason, and the verify page says revoked', async ({ page, visit }) => {
	expect(cert.code).not.toBe('');
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await visit('/admin/certificates');
	await page.getByRole('searchbox', { name: 'Prüfcode oder Name' }).fill(cert.code.slice(0, 4).toLowerCase() + ' ' + cert.code.slice(4));
	await page.getByRole('button', { name: 'Filtern' }).click();
	await page.getByRole('table', { name: 'Bescheinigungen' }).getByRole('link', { name: holder.name }).click();
	await expect(page).toHaveURL(cert.path);

	await page.getByRole('link', { name: 'Bescheinigung widerrufen …' }).click();
	await expect(page.getByRole('heading', { name: 'Bescheinigung endgültig widerrufen?' })).toBeVisible();
	await expectNothingRevokedYet(cert.code, page);
	// An empty reason is refused at the field.
	await page.getByRole('button', { name: 'Endgültig widerrufen' }).click();
	await expect(page.getByLabel('Grund des Widerrufs')).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Grund des Widerrufs').fill('Prüfungsleistung nicht selbst erbracht');
	await page.getByRole('button', { name: 'Endgültig widerrufen' }).click();
	await expect(page.getByText('Die Bescheinigung ist widerrufen.')).toBeVisible();
	await expect(page.getByText(/Widerrufen\s+am .*: Prüfungsleistung nicht selbst erbracht/)).toBeVisible();

	await visit(`/verify/${cert.code}`);
	await expect(page.getByRole('status')).toHaveText(/^Widerrufen: Diese Bescheinigung wurde am .* widerrufen und gilt nicht mehr\.$/);
	await expect(page.getByText('Prüfungsleistung nicht selbst erbracht')).toBeVisible();
	await expect(page.getByText(CERT_COURSE)).toBeVisible();
	// The badge's credentialStatus now lists it as revoked.
	const list = await (await page.request.get('/badges/revocations')).json();
	expect(list.revokedCredentials).toContainEqual({ id: badgeId });
});

async function expectNothingRevokedYet(code: string, page: import('@playwright/test').Page) {
	const res = await page.request.get(`/verify/${code}`);
	expect(await res.text()).toContain('Gültig: Diese Bescheinigung ist echt und gültig.');
}
