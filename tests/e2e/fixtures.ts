import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/accounts';

export { expect };

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Fails with a readable list when axe finds any WCAG 2.2 AA violation on the current page. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	const summary = results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`
	);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export function demo(label: 'learner' | 'trainer' | 'manager' | 'evaluator' | 'admin') {
	const email = { learner: 'lernende', trainer: 'trainer', manager: 'manager', evaluator: 'evaluation', admin: 'admin' }[label];
	return DEMO_ACCOUNTS.find((a) => a.email.startsWith(email + '@'))!;
}

export async function login(page: Page, email: string, password: string) {
	await page.goto('/login');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	// Done when the next page has loaded or the form shows why not, so a following goto never races it.
	// A field error (e.g. an empty field) also ends the wait, so a failure shows at once, not as a timeout.
	await Promise.race([
		page.waitForURL((u) => u.pathname !== '/login', { waitUntil: 'load' }),
		page.getByRole('alert').waitFor(),
		page.locator('[aria-invalid="true"]').first().waitFor()
	]);
}

/**
 * Every page a test visits is checked with axe: `visit` checks after navigating, and the last page of every
 * test is checked again when the test ends (covers pages reached by clicks and form posts).
 */
export const test = base.extend<{ visit: (url: string) => Promise<void>; axeAfterEach: void }>({
	visit: async ({ page }, use) => {
		await use(async (url: string) => {
			await page.goto(url);
			await expectAccessible(page);
		});
	},
	axeAfterEach: [
		async ({ page, javaScriptEnabled }, use, testInfo) => {
			await use();
			// axe runs as a script in the page; the no-JavaScript tests render the same pages the others check.
			if (javaScriptEnabled && testInfo.status === 'passed' && page.url().startsWith('http')) await expectAccessible(page);
		},
		{ auto: true }
	]
});
