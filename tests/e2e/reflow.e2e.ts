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
	for (const path of ['/admin', '/admin/users', '/admin/users/new', '/admin/organisations', '/admin/audit', '/account']) {
		await visit(path);
		await expectNoHorizontalScroll(page);
	}
});
