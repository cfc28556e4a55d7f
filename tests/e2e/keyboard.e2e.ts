import type { Page } from '@playwright/test';
import { test, expect, login, demo } from './fixtures';

/**
 * Keyboard only (no mouse events): for every role, Tab through the pages of its main flow and check at each
 * stop that focus is on a real, visible element (never lost to <body>), that the focus is visibly marked
 * (2.4.7) and not hidden behind anything (2.4.11), then follow the flow's next link with Enter.
 */
interface Stop {
	tag: string;
	label: string;
	onBody: boolean;
	visible: boolean;
	indicator: boolean;
	obscured: boolean;
}

async function focusState(page: Page): Promise<Stop> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body || el === document.documentElement) {
			return { tag: 'body', label: '', onBody: true, visible: false, indicator: false, obscured: false };
		}
		const r = el.getBoundingClientRect();
		const s = getComputedStyle(el);
		const visible = r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && Number(s.opacity) > 0;
		const indicator =
			(s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || (s.boxShadow !== 'none' && s.boxShadow !== '') || s.textDecorationLine.includes('underline');
		const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
		const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
		const hit = document.elementFromPoint(cx, cy);
		const obscured = !!hit && hit !== el && !el.contains(hit) && !hit.contains(el) && !(el.tagName === 'INPUT' && hit.tagName === 'LABEL');
		return { tag: el.tagName.toLowerCase(), label: (el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim().slice(0, 40), onBody: false, visible, indicator, obscured };
	});
}

/** Tabs through the whole page (until focus wraps or 80 stops) and returns what went wrong. */
async function tabThrough(page: Page): Promise<string[]> {
	const problems: string[] = [];
	const seen = new Set<string>();
	for (let i = 0; i < 80; i++) {
		await page.keyboard.press('Tab');
		const stop = await focusState(page);
		const key = `${stop.tag}:${stop.label}:${i > 0 ? '' : 'first'}`;
		if (stop.onBody) {
			if (i === 0) problems.push(`${page.url()}: the first Tab leaves focus on the page body`);
			break; // focus left the document's last element: the walk is complete
		}
		if (!stop.visible) problems.push(`${page.url()}: focus on an invisible ${stop.tag} "${stop.label}"`);
		else if (!stop.indicator) problems.push(`${page.url()}: no visible focus indicator on ${stop.tag} "${stop.label}"`);
		else if (stop.obscured) problems.push(`${page.url()}: focused ${stop.tag} "${stop.label}" is covered by another element`);
		if (seen.has(key) && i > 2) break;
		seen.add(key);
	}
	return problems;
}

/** Moves focus to the link with this accessible name by tabbing, then activates it with Enter. */
async function tabToAndEnter(page: Page, name: RegExp) {
	for (let i = 0; i < 120; i++) {
		await page.keyboard.press('Tab');
		const label = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
		});
		if (name.test(label)) {
			const before = page.url();
			await page.keyboard.press('Enter');
			// Client-side navigation: done when the address changed and the new page has settled.
			await page.waitForURL((u) => u.href !== before);
			await page.waitForLoadState('networkidle').catch(() => {});
			return;
		}
	}
	throw new Error(`no link or button named ${name} reachable by Tab on ${page.url()}`);
}

const FLOWS: { role: 'learner' | 'trainer' | 'manager' | 'evaluator' | 'admin'; steps: RegExp[] }[] = [
	{ role: 'learner', steps: [/^Kurse$/, /Interkulturelle Kompetenz/] },
	{ role: 'trainer', steps: [/^Kurse$/] },
	{ role: 'manager', steps: [/verwalten$/, /^Personen|Mitglieder/] },
	{ role: 'evaluator', steps: [] },
	{ role: 'admin', steps: [/^Personen verwalten$/] }
];

for (const flow of FLOWS) {
	test(`keyboard only: the ${flow.role}'s main flow keeps focus visible and never loses it`, async ({ page }) => {
		const a = demo(flow.role);
		await login(page, a.email, a.password);
		const problems = await tabThrough(page);
		for (const step of flow.steps) {
			await page.goto(page.url()); // start each step from the top of the page, as after a page load
			await tabToAndEnter(page, step);
			problems.push(...(await tabThrough(page)));
		}
		expect(problems).toEqual([]);
	});
}

test('keyboard only: anonymous visitors reach the login and the accessibility statement', async ({ page }) => {
	await page.goto('/');
	const problems = await tabThrough(page);
	await page.goto('/');
	await tabToAndEnter(page, /^Barrierefreiheit$/);
	await expect(page).toHaveURL('/barrierefreiheit');
	problems.push(...(await tabThrough(page)));
	expect(problems).toEqual([]);
});
