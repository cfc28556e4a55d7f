import type { APIResponse, Page } from '@playwright/test';
import { test, expect, demo, login } from './fixtures';
import { loginAsManager, openOwnOrganisation } from './orgs-helpers';

/** Ids a manager must never reach: another organisation and one of its members, read from the admin pages. */
async function foreignIds(page: Page) {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await page.goto('/admin/organisations');
	const orgHref = await page.getByRole('link', { name: 'Landkreis Holzminden – Kreisverwaltung (Demo)' }).getAttribute('href');
	await page.goto('/admin/users?q=lernende');
	const userHref = await page.getByRole('link', { name: 'Lea Lernende' }).getAttribute('href');
	await page.getByRole('button', { name: 'Abmelden' }).click();
	return { orgId: orgHref!.split('/').pop()!, leaId: userHref!.split('/').pop()! };
}

const NOBODY = '00000000-0000-4000-8000-000000000000';

test('a manager gets 404 on every manager route and action of another organisation, and nothing changes', async ({ page, baseURL }) => {
	test.setTimeout(120_000);
	const { orgId: foreign, leaId } = await foreignIds(page);
	await loginAsManager(page);
	const own = (await openOwnOrganisation(page)).split('/').pop()!;
	// One legitimate, audited change of her own (the contact saved unchanged), so the audit check at the end
	// has her rows to look at whatever other test files did before.
	await page.getByRole('button', { name: 'Speichern', exact: true }).click();
	await expect(page.getByRole('status')).toContainText('Die Ansprechperson ist gespeichert.');

	for (const path of ['', '/members', '/invitations', '/import', '/members.csv']) {
		const response = await page.request.get(`/manage/${foreign}${path}`);
		expect(response.status(), `GET /manage/<foreign>${path}`).toBe(404);
	}
	expect((await page.request.get('/manage/not-a-uuid/members')).status()).toBe(404);

	const marker = 'Uebernahme-Versuch-7731';
	const post = (path: string, form: Record<string, string>): Promise<APIResponse> =>
		page.request.post(path, { form, headers: { origin: baseURL! }, maxRedirects: 0 });
	const attempts: [string, Record<string, string>][] = [
		[`/manage/${foreign}?/contact`, { contactName: marker }],
		[`/manage/${foreign}?/unitCreate`, { name: marker }],
		[`/manage/${foreign}?/unitRename`, { unit: NOBODY, name: marker }],
		[`/manage/${foreign}?/unitDelete`, { unit: NOBODY }],
		[`/manage/${foreign}?/codeGenerate`, { unit: '' }],
		[`/manage/${foreign}?/codeDisable`, { unit: '' }],
		[`/manage/${foreign}/members?/unit`, { member: leaId, unit: '' }],
		[`/manage/${foreign}/members?/deactivate`, { member: leaId }],
		[`/manage/${foreign}/members?/reactivate`, { member: leaId }],
		[`/manage/${foreign}/invitations?/invite`, { emails: `${marker.toLowerCase()}@evil.example` }],
		[`/manage/${foreign}/invitations?/resend`, { invitation: NOBODY }],
		[`/manage/${foreign}/invitations?/revoke`, { invitation: NOBODY }],
		[`/manage/${foreign}/import?/import`, { content: Buffer.from(`Name,E-Mail\n${marker},x@evil.example`).toString('base64') }],
		// Own organisation, foreign person or unit: found nowhere either.
		[`/manage/${own}/members?/deactivate`, { member: leaId }],
		[`/manage/${own}/members?/unit`, { member: leaId, unit: '' }],
		[`/manage/${own}?/unitDelete`, { unit: NOBODY }],
		[`/manage/${own}/invitations?/revoke`, { invitation: NOBODY }]
	];
	for (const [path, form] of attempts) {
		const response = await post(path, form);
		expect([403, 404], `POST ${path.replace(foreign, '<foreign>')} answered ${response.status()}`).toContain(response.status());
	}
	const upload = await page.request.post(`/manage/${foreign}/import?/preview`, {
		multipart: { file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,E-Mail\nA,a@evil.example') } },
		headers: { origin: baseURL! },
		maxRedirects: 0
	});
	expect(upload.status()).toBe(404);
	await page.getByRole('button', { name: 'Abmelden' }).click();

	// Lea can still log in, and the audit log holds no trace of any of it.
	const lea = demo('learner');
	await login(page, lea.email, lea.password);
	await expect(page).toHaveURL('/learn');
	await page.getByRole('button', { name: 'Abmelden' }).click();
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	// Every page of the log: other test files write entries too, so the manager's may be on any page.
	let rows: string[] = [];
	await page.goto('/admin/audit');
	for (;;) {
		rows = rows.concat(await page.getByRole('row').allInnerTexts());
		const older = page.getByRole('link', { name: 'Ältere Einträge' });
		if (!(await older.count())) break;
		// goto, not click: a client-side navigation would let the next read see the page before it changed.
		await page.goto((await older.getAttribute('href'))!);
	}
	expect(rows.filter((r) => r.includes(marker))).toEqual([]);
	const byManager = rows.filter((r) => r.includes('Mona Managerin'));
	expect(byManager.length).toBeGreaterThan(0);
	expect(byManager.filter((r) => r.includes(foreign) || r.includes('member.deactivate'))).toEqual([]);
});

test('people without the manager role are kept out of the manager area', async ({ page }) => {
	expect((await page.request.get('/manage/00000000-0000-4000-8000-000000000000/members', { maxRedirects: 0 })).status()).toBe(303);
	const lea = demo('learner');
	await login(page, lea.email, lea.password);
	const own = await page.request.get('/manage');
	expect(own.status()).toBe(403);
});
