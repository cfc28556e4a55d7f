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

/**
 * WCAG 1.4.12 (text spacing) together with 1.4.4 (text at 200 %): with the spacing the criterion names
 * applied by a user style sheet and the root font doubled, the lesson, quiz and dashboard pages still need no
 * horizontal scrolling and no text is cut off by a box that hides its overflow.
 */
const TEXT_SPACING = `html { font-size: 200% !important; }
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }`;

async function expectNothingClipped(page: import('@playwright/test').Page) {
	const clipped = await page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('main *, header *, footer *')]
			.filter((el) => {
				const s = getComputedStyle(el);
				if (s.display === 'none' || s.visibility === 'hidden' || el.closest('[aria-hidden="true"], .visually-hidden, .sr-only')) return false;
				const hides = (v: string) => v === 'hidden' || v === 'clip';
				const text = (el.textContent ?? '').trim().length > 0;
				return text && ((hides(s.overflowX) && el.scrollWidth > el.clientWidth + 1) || (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1));
			})
			.filter((el) => el.clientWidth > 1 && el.clientHeight > 1) // visually-hidden helpers are 1 px boxes by design
			.map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}: ${(el.textContent ?? '').trim().slice(0, 40)}`)
	);
	expect(clipped, `text cut off on ${page.url()}`).toEqual([]);
}

test.describe('text spacing and 200 % text', () => {
	test.use({ viewport: { width: 640, height: 800 } });
	test('lesson, quiz and dashboard pages keep all text visible', async ({ page }) => {
		const a = demo('manager');
		await login(page, a.email, a.password);
		const slug = '/courses/interkulturelle-kompetenz-grundlagen';
		await page.goto(slug);
		const enrol = page.getByRole('button', { name: 'Jetzt einschreiben' });
		if (await enrol.count()) await enrol.click();
		for (const path of [`${slug}/lessons/stereotype-vorurteile`, `${slug}/lessons/abschlusstest-grundlagen`, '/learn']) {
			await page.goto(path);
			await page.addStyleTag({ content: TEXT_SPACING });
			await expectNoHorizontalScroll(page);
			await expectNothingClipped(page);
		}
	});

	test('the manager organisation and members pages keep all text visible', async ({ page }) => {
		const a = demo('manager');
		await login(page, a.email, a.password);
		const manage = await page.goto('/manage').then(() => page.getByRole('link', { name: /verwalten$/ }).first().getAttribute('href'));
		for (const path of [manage!, `${manage}/members`]) {
			await page.goto(path);
			await page.addStyleTag({ content: TEXT_SPACING });
			await expectNoHorizontalScroll(page);
			await expectNothingClipped(page);
		}
	});
});
