import { test, expect, demo, login } from './fixtures';

// WCAG 1.4.10: at 320 CSS px nothing may need horizontal scrolling.
test.use({ viewport: { width: 320, height: 640 } });

async function expectNoHorizontalScroll(page: import('@playwright/test').Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(0);
}

test('public pages reflow at 320 px', async ({ page, visit }) => {
	for (const path of ['/', '/login', '/signup', '/barrierefreiheit']) {
		await visit(path);
		await expectNoHorizontalScroll(page);
	}
});

test('admin pages reflow at 320 px', async ({ page, visit }) => {
	const a = demo('admin');
	await login(page, a.email, a.password);
	for (const path of ['/admin', '/admin/users', '/admin/users/new', '/admin/organisations', '/admin/audit', '/admin/courses', '/trainer/courses/migrantische-unternehmen-begleiten', '/account']) {
		await visit(path);
		await expectNoHorizontalScroll(page);
	}
});

test('manager pages reflow at 320 px', async ({ page, visit }) => {
	const a = demo('manager');
	await login(page, a.email, a.password);
	await page.getByRole('link', { name: /verwalten$/ }).first().click();
	const base = new URL(page.url()).pathname;
	for (const path of [base, `${base}/members`, `${base}/invitations`, `${base}/import`, '/join', '/reset']) {
		await visit(path);
		await expectNoHorizontalScroll(page);
	}
});

test('course and learner pages reflow at 320 px', async ({ page, visit }) => {
	const a = demo('manager');
	await login(page, a.email, a.password);
	const slug = '/courses/interkulturelle-kompetenz-grundlagen';
	await page.goto(slug);
	const enrol = page.getByRole('button', { name: 'Jetzt einschreiben' });
	if (await enrol.count()) await enrol.click();
	for (const path of [
		'/courses',
		slug,
		`${slug}/glossary`,
		`${slug}/self-assessment?phase=pre`,
		`${slug}/lessons/stereotype-vorurteile`,
		`${slug}/lessons/abschlusstest-grundlagen`,
		`${slug}/lessons/wahrnehmung/print`,
		'/learn',
		'/courses/intercultural-communication-at-work/lessons/onboarding'
	]) {
		await visit(path);
		await expectNoHorizontalScroll(page);
	}
	await page.goto(`${slug}/lessons/abschlusstest-grundlagen`);
	await page.getByRole('button', { name: 'Test beginnen' }).click();
	await expectNoHorizontalScroll(page);
});
