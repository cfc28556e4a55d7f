import fs from 'node:fs';
import { test, expect, login } from './fixtures';
import { signUp } from './orgs-helpers';

const GRUNDLAGEN = '/courses/interkulturelle-kompetenz-grundlagen';

test('a learner downloads everything stored about them as JSON and as CSV', async ({ page, browser, visit }) => {
	const email = 'daten.dora@lernbruecke.example';
	await signUp(browser, 'Dora Daten', email, 'ein langes passwort');
	await login(page, email, 'ein langes passwort');
	// Something to find in the learning records: enrol and open the first lesson.
	await visit(GRUNDLAGEN);
	await page.getByRole('button', { name: 'Jetzt einschreiben' }).click();
	await page.getByRole('link', { name: 'Kurs beginnen' }).click();
	await page.getByRole('link', { name: 'Jetzt überspringen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Was ist Kultur? Mehr als Herkunft');

	await visit('/account');
	await page.getByRole('link', { name: 'Meine Daten herunterladen oder löschen lassen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Daten');
	await visit('/account/data');

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als JSON herunterladen' }).click()]);
	expect(download.suggestedFilename()).toMatch(/^meine-daten-lernbruecke-\d{4}-\d{2}-\d{2}\.json$/);
	const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
	expect(data.profile).toMatchObject({ email, name: 'Dora Daten' });
	expect(data.enrolments.map((e: { course: string }) => e.course)).toEqual(['Interkulturelle Kompetenz – Grundlagen']);
	const verbs = data.statements.map((s: { verb: { id: string } }) => s.verb.id.split('/').pop());
	expect(verbs).toContain('experienced');
	for (const s of data.statements) expect(s.actor.account.name).toBe(data.profile.xapiAccountName);
	expect(data.certificates).toEqual([]);

	const csv = await page.request.get('/account/data/download?format=csv');
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toBe('application/zip');
	expect(csv.headers()['content-disposition']).toMatch(/filename="meine-daten-lernbruecke-\d{4}-\d{2}-\d{2}\.zip"/);
	const bytes = await csv.body();
	expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
	expect(bytes.includes(Buffer.from('statements.csv'))).toBe(true);
	expect(bytes.includes(Buffer.from(email))).toBe(true);
});

test('the download needs a session', async ({ page }) => {
	const res = await page.request.get('/account/data/download?format=json', { maxRedirects: 0 });
	expect([303, 302, 401]).toContain(res.status());
	expect(await res.text()).not.toContain('"profile"');
});
