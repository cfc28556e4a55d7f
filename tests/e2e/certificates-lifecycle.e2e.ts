import { test, expect, demo, login } from './fixtures';
import { signUp } from './orgs-helpers';
import { CERT_COURSE, CERT_SLUG, openOwnCertificate, passFinalTest } from './certificates-helpers';

test.describe.configure({ timeout: 240_000, mode: 'serial' });

// A holder of our own, so revoking never touches a demo account's certificate.
const holder = { name: 'Ægir Çelik-Widerruf', email: `widerruf-${Date.now()}@example.org`, password: 'ein langes passwort' };
let cert = { path: '', code: '' };

test('a new learner passes the final test and holds a valid certificate', async ({ page, browser }) => {
	await signUp(browser, holder.name, holder.email, holder.password);
	await login(page, holder.email, holder.password);
	await passFinalTest(page);
	cert = await openOwnCertificate(page);
	expect(cert.code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
	// The holder cannot revoke their own certificate.
	await expect(page.getByRole('link', { name: 'Bescheinigung widerrufen …' })).toHaveCount(0);
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
});

async function expectNothingRevokedYet(code: string, page: import('@playwright/test').Page) {
	const res = await page.request.get(`/verify/${code}`);
	expect(await res.text()).toContain('Gültig: Diese Bescheinigung ist echt und gültig.');
}
