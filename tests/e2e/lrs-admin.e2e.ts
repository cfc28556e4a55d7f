import { test, expect, demo, login, expectAccessible } from './fixtures';

const EXPERIENCED = 'http://adlnet.gov/expapi/verbs/experienced';

test('an admin creates an LRS client, sees the secret once, disables it after confirming and enables it again', async ({ page, visit }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await visit('/admin');
	await page.getByRole('link', { name: 'LRS verwalten' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lernaktivitäten (LRS)');
	await expectAccessible(page);

	// Without a scope the form says why and keeps the name.
	await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Autorenwerkzeug Test');
	await page.getByRole('button', { name: 'Zugang anlegen' }).click();
	await expect(page.getByText('Bitte wählen Sie mindestens eine Berechtigung.')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Autorenwerkzeug Test');
	await expectAccessible(page);

	await page.getByRole('checkbox', { name: 'statements/write' }).check();
	await page.getByRole('checkbox', { name: 'statements/read', exact: true }).check();
	await page.getByRole('button', { name: 'Zugang anlegen' }).click();
	await expect(page.getByText('Zugang „Autorenwerkzeug Test“ angelegt.')).toBeVisible();
	await expect(page.getByText('nur dieses eine Mal angezeigt')).toBeVisible();
	const secret = (await page.locator('.credentials dd').nth(1).textContent())!.trim();
	expect(secret.length).toBeGreaterThanOrEqual(40);
	// The form is empty again while the secret stays on screen: a second click cannot create the client twice.
	await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('');
	await expect(page.getByRole('checkbox', { name: 'statements/write' })).not.toBeChecked();
	await expect(page.getByRole('checkbox', { name: 'statements/read', exact: true })).not.toBeChecked();
	await expect(page.getByText(secret)).toBeVisible();
	const row = page.getByRole('region', { name: 'Zugänge' }).getByRole('row', { name: /Autorenwerkzeug Test/ });
	await expect(row).toContainText('statements/write, statements/read');
	await expect(row).toContainText('aktiv');
	await expectAccessible(page);

	// A reload shows the client but never the secret again.
	await page.goto('/admin/lrs');
	await expect(page.getByText(secret)).toHaveCount(0);

	await page.getByRole('link', { name: 'Autorenwerkzeug Test sperren' }).click();
	await expect(page.getByText('Zugang „Autorenwerkzeug Test“ sperren?')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Ja, sperren' }).click();
	await expect(page).toHaveURL('/admin/lrs?saved=1');
	await expect(page.getByRole('region', { name: 'Zugänge' }).getByRole('row', { name: /Autorenwerkzeug Test/ })).toContainText('gesperrt seit');

	await page.getByRole('button', { name: 'Autorenwerkzeug Test freigeben' }).click();
	await expect(page.getByRole('region', { name: 'Zugänge' }).getByRole('row', { name: /Autorenwerkzeug Test/ })).toContainText('aktiv');

	const history = page.getByRole('region', { name: 'Protokoll', exact: true }).getByRole('row');
	for (const action of ['lrs_client.create', 'lrs_client.disable', 'lrs_client.enable']) {
		await expect(history.filter({ hasText: action }).filter({ hasText: 'Adam Admin' })).toHaveCount(1);
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a client is created and disabled with plain form posts', async ({ page }) => {
		const admin = demo('admin');
		await login(page, admin.email, admin.password);
		await page.goto('/admin/lrs');
		await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Ohne Skript');
		await page.getByRole('checkbox', { name: 'statements/read/mine' }).check();
		await page.getByRole('button', { name: 'Zugang anlegen' }).click();
		await expect(page.getByText('Zugang „Ohne Skript“ angelegt.')).toBeVisible();
		await expect(page.locator('.credentials dd')).toHaveCount(2);
		await page.getByRole('link', { name: 'Ohne Skript sperren' }).click();
		await page.getByRole('button', { name: 'Ja, sperren' }).click();
		await expect(page.getByRole('region', { name: 'Zugänge' }).getByRole('row', { name: /Ohne Skript/ })).toContainText('gesperrt seit');
	});
});

test('a learner’s records appear in the statement browser, and the admin erases them with a confirmation', async ({ page, browser, visit }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await page.goto('/admin/users/new');
	await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Lena Löschbar');
	await page.getByLabel('E-Mail-Adresse').fill('lena.loeschbar@lernbruecke.example');
	await page.getByLabel('Erstes Passwort').fill('lenas langes passwort');
	await page.getByLabel('Lernende').check();
	await page.getByRole('button', { name: 'Person anlegen' }).click();
	await expect(page.getByRole('link', { name: 'Lena Löschbar' })).toBeVisible();

	// Lena opens a lesson: the platform records it in its own LRS.
	const ctx = await browser.newContext();
	const lena = await ctx.newPage();
	await login(lena, 'lena.loeschbar@lernbruecke.example', 'lenas langes passwort');
	await lena.goto('/courses/interkulturelle-kompetenz-grundlagen');
	await lena.getByRole('button', { name: 'Jetzt einschreiben' }).click();
	await expect(lena.getByText('Sie sind eingeschrieben.')).toBeVisible();
	await lena.getByRole('link', { name: 'Kurs beginnen' }).click();
	await lena.getByRole('link', { name: 'Jetzt überspringen' }).click();
	await expect(lena.getByRole('heading', { level: 1 })).toHaveText('Was ist Kultur? Mehr als Herkunft');
	await ctx.close();

	await visit(`/admin/lrs/statements?verb=${encodeURIComponent(EXPERIENCED)}`);
	const first = page.getByRole('listitem').filter({ hasText: EXPERIENCED }).first();
	await expect(first).toBeVisible();
	await first.getByText('Aussage als JSON').click();
	await expect(first.locator('pre')).toContainText('"objectType": "Agent"');
	await expectAccessible(page);

	// An unknown verb finds nothing; a bad date is named.
	await visit('/admin/lrs/statements?verb=http%3A%2F%2Fexample.org%2Fnever');
	await expect(page.getByText('Keine Aussagen für diese Auswahl.')).toBeVisible();
	await page.goto('/admin/lrs/statements?since=gestern');
	await expect(page.getByText('Bitte geben Sie ein Datum ein')).toBeVisible();

	await page.goto('/admin/users');
	await page.getByRole('link', { name: 'Lena Löschbar' }).click();
	await page.getByRole('link', { name: 'Lerndaten löschen …' }).click();
	await expect(page.getByText('Alle Lerndaten von Lena Löschbar endgültig löschen?')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Ja, Lerndaten löschen' }).click();
	const done = page.getByText(/Lerndaten gelöscht: \d+ Aussagen\./);
	await expect(done).toBeVisible();
	expect(Number((await done.textContent())!.match(/(\d+) Aussagen/)![1])).toBeGreaterThan(0);
	const entry = page.getByRole('row').filter({ hasText: 'user.erase_learning_records' });
	await expect(entry).toHaveCount(1);
	await expect(entry).not.toContainText('lena');

	// A second erasure finds nothing left.
	await page.getByRole('link', { name: 'Lerndaten löschen …' }).click();
	await page.getByRole('button', { name: 'Ja, Lerndaten löschen' }).click();
	await expect(page.getByText('Lerndaten gelöscht: 0 Aussagen.')).toBeVisible();
});

test('the retention purge counts first and deletes only after confirming', async ({ page, visit }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await visit('/admin/lrs/retention');
	await page.getByLabel('Gespeichert vor').fill('2001-01-01');
	await page.getByRole('button', { name: 'Zählen (Probelauf)' }).click();
	await expect(page.getByText('Vor dem 2001-01-01 wurden keine Aussagen gespeichert.')).toBeVisible();
	await expectAccessible(page);
	await page.goto('/admin/lrs/retention?before=kein-datum');
	await expect(page.getByText('Bitte geben Sie ein Datum ein')).toBeVisible();
});

test('a confirmed purge says it is on its way and is sent once, however often the button is pressed', async ({ page, visit }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
	await visit(`/admin/lrs/retention?before=${tomorrow}`);
	const purge = page.getByRole('button', { name: /^Ja, \d+ Aussagen löschen$/ });
	await expect(purge).toBeVisible();
	await expect(page.getByText('Wird ausgeführt')).toHaveCount(0);
	// The purge never reaches the server (the other tests need the demo statements): the browser gets
	// "204 No Content", so it stays on this page as it does while a long purge is still running.
	let posts = 0;
	await page.route(
		(url) => url.pathname === '/admin/lrs/retention' && url.search === '?/purge',
		(route) => {
			posts++;
			return route.fulfill({ status: 204 });
		}
	);
	await purge.click();
	await expect(page.getByText('Wird ausgeführt … Bei großen Datenmengen kann das einige Sekunden dauern.')).toBeVisible();
	await expect.poll(() => posts).toBe(1);
	await purge.click();
	await purge.press('Enter');
	// A second submit would start a new request at once; give it the time it would need.
	await page.waitForTimeout(500);
	expect(posts).toBe(1);
	await page.unrouteAll({ behavior: 'wait' });
});

test('people without the admin role cannot reach the LRS pages or post to them', async ({ page, request }) => {
	for (const who of ['learner', 'manager', 'trainer'] as const) {
		const a = demo(who);
		await login(page, a.email, a.password);
		for (const path of ['/admin/lrs', '/admin/lrs/statements', '/admin/lrs/retention']) {
			const response = await page.goto(path);
			expect(response?.status(), `${who} GET ${path}`).toBe(403);
		}
		const post = await page.request.post('/admin/lrs?/create', { form: { name: 'Eindringling', scopes: 'all' }, headers: { origin: new URL(page.url()).origin } });
		expect(post.status(), `${who} POST create`).toBe(403);
		await page.context().clearCookies();
	}
	// Signed out: sent to the login page.
	const anonymous = await request.get('/admin/lrs', { maxRedirects: 0 });
	expect(anonymous.status()).toBe(303);
	expect(anonymous.headers().location).toContain('/login');
});
