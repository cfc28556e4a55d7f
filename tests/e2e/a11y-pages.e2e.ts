import type { APIRequestContext } from '@playwright/test';
import { test, expect, expectAccessible } from './fixtures';
import { allows, discoverRoutes, isDynamic, ruleFor } from './routes';
import { apiContext, enrolledLearner, findSamples, prepareData, PERSONAS, personaRoles, type Persona } from './authz-helpers';

/**
 * axe (WCAG 2.2 AA) on every page of the route tree, as anonymous and as every demo role — so a page added
 * tomorrow is checked without anyone writing a test for it. Each persona has one browser context, signed in
 * once (the API login's cookies become the context's storage state). Public pages are checked as anonymous
 * and as a learner (the header differs when signed in); every other page as each persona it is meant for, and
 * each persona's error page once (what a refused visitor sees).
 */
const routes = discoverRoutes().filter((r) => r.page);
let samples = new Map<string, string>();
const states = new Map<Persona, Awaited<ReturnType<APIRequestContext['storageState']>>>();

test.beforeAll(async ({ playwright }, testInfo) => {
	testInfo.setTimeout(240_000);
	const baseURL = String(testInfo.project.use.baseURL);
	const contexts = new Map<Persona, APIRequestContext>();
	for (const p of PERSONAS) contexts.set(p, await apiContext(playwright, baseURL, p));
	await prepareData(contexts);
	const enrolled = await enrolledLearner(playwright, baseURL, contexts.get('admin')!);
	samples = await findSamples([enrolled, ...(['manager', 'trainer', 'learner', 'admin'] as const).map((p) => contexts.get(p)!)], discoverRoutes());
	for (const [p, ctx] of contexts) {
		states.set(p, await ctx.storageState());
		// The learner persona is the freshly enrolled one, so lesson and self-assessment pages render as content.
		if (p === 'learner') states.set(p, await enrolled.storageState());
		await ctx.dispose();
	}
	await enrolled.dispose();
});

for (const persona of PERSONAS) {
	test(`every page is accessible (WCAG 2.2 AA) as ${persona}`, async ({ browser }) => {
		test.setTimeout(600_000);
		const context = await browser.newContext({ storageState: states.get(persona) });
		const page = await context.newPage();
		const roles = personaRoles(persona);
		const seen = new Set<string>();
		const failures: string[] = [];
		let errorPageChecked = false;
		for (const r of routes) {
			const rule = ruleFor(r.id);
			const path = isDynamic(r.id) ? samples.get(r.id) : r.id;
			if (!rule || !path) continue; // the authorisation matrix reports these
			const isPublic = rule.page === 'public';
			const allowed = allows(rule.page, roles);
			if (isPublic && !['anonymous', 'learner'].includes(persona)) continue;
			if (!allowed && errorPageChecked) continue;
			const response = await page.goto(path);
			const landed = new URL(page.url()).pathname + new URL(page.url()).search;
			if (seen.has(landed)) continue;
			seen.add(landed);
			if (!allowed) errorPageChecked = true;
			if ((response?.status() ?? 0) >= 500) failures.push(`${path}: ${response?.status()}`);
			try {
				await expectAccessible(page);
			} catch (err) {
				const lines = (err as Error).message.split('\n').filter((l) => l.trim().startsWith('+') && !l.includes('Array ['));
				failures.push(`${path} (as ${persona}):\n${lines.join('\n')}`);
			}
		}
		await context.close();
		expect(failures).toEqual([]);
	});
}
