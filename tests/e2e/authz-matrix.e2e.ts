import type { APIRequestContext, APIResponse } from '@playwright/test';
import { test, expect } from './fixtures';
import { actionAccess, allows, discoverRoutes, isDynamic, ruleFor } from './routes';
import { apiContext, enrolledLearner, SYNTHETIC_ID, findSamples, prepareData, outcomeOf, PERSONAS, personaRoles, type Outcome, type Persona } from './authz-helpers';

/**
 * The authorisation matrix: every page, endpoint method and form action found under src/routes, called as
 * anonymous and as each demo role, against the production build. Expected results come from the policy in
 * routes.ts; a route nobody classified fails, and so does any 200 where the policy says no.
 *
 * Form actions are called only where the policy refuses the persona (with an empty same-origin form): that
 * is the case that must hold for every action, and it changes nothing when authorisation is right. Actions
 * an allowed role may use are covered by the feature tests with real input.
 */

const routes = discoverRoutes();
const contexts = new Map<Persona, APIRequestContext>();
let samples = new Map<string, string>();

test.beforeAll(async ({ playwright }, testInfo) => {
	testInfo.setTimeout(240_000);
	const baseURL = String(testInfo.project.use.baseURL);
	for (const p of PERSONAS) contexts.set(p, await apiContext(playwright, baseURL, p));
	// One mail in the outbox, so /admin/mail/[id] has something to show.
	await contexts.get('anonymous')!.post('/barrierefreiheit', { form: { message: 'Matrix: a mail for the outbox routes' } });
	await prepareData(contexts);
	const enrolled = await enrolledLearner(playwright, baseURL, contexts.get('admin')!);
	samples = await findSamples([enrolled, ...['manager', 'trainer', 'learner', 'evaluator', 'admin'].map((p) => contexts.get(p as Persona)!)], routes);
	await enrolled.dispose();
});

test.afterAll(async () => {
	for (const ctx of contexts.values()) await ctx.dispose();
});

test('every route is classified in the policy and has a concrete URL to call', () => {
	const problems: string[] = [];
	for (const r of routes) {
		const rule = ruleFor(r.id);
		if (!rule) problems.push(`${r.id}: not classified — add it to PUBLIC_ROUTES or PREFIX_RULES in tests/e2e/routes.ts`);
		else for (const a of r.actions) if (!actionAccess(rule, a)) problems.push(`${r.id}?/${a}: action not classified`);
		if (isDynamic(r.id) && !samples.has(r.id)) problems.push(`${r.id}: no link to it found in the demo data — add a PARAM_FALLBACKS entry`);
	}
	expect(problems).toEqual([]);
});

function describeCall(persona: Persona, method: string, path: string, res: APIResponse, outcome: Outcome) {
	return `${persona} ${method} ${path} → ${res.status()} ${res.headers()['location'] ?? ''} (${outcome})`;
}

for (const persona of PERSONAS) {
	test(`as ${persona}: every route answers as the policy says`, async () => {
		test.setTimeout(300_000);
		const ctx = contexts.get(persona)!;
		const roles = personaRoles(persona);
		const problems: string[] = [];
		const check = (allowed: boolean, isPublic: boolean, method: string, path: string, res: APIResponse) => {
			const outcome = outcomeOf(res);
			const line = describeCall(persona, method, path, res, outcome);
			if (outcome === 'error') problems.push(`server error: ${line}`);
			else if (!allowed && !['login', 'denied'].includes(outcome)) problems.push(`not refused: ${line}`);
			// An unknown id (a fallback URL) may be "not found" even for a role that may use the route.
			else if (allowed && !isPublic && (outcome === 'login' || (outcome === 'denied' && !path.includes(SYNTHETIC_ID))))
				problems.push(`allowed role refused: ${line}`);
		};

		for (const r of routes) {
			const rule = ruleFor(r.id);
			const path = isDynamic(r.id) ? samples.get(r.id) : r.id;
			if (!rule || !path) continue; // reported by the classification test
			const pageAllowed = allows(rule.page, roles);
			if (r.page || r.methods.includes('GET')) {
				check(pageAllowed, rule.page === 'public', 'GET', path, await ctx.get(path));
			}
			for (const method of r.methods.filter((m) => !['GET', 'HEAD', 'OPTIONS', 'fallback'].includes(m))) {
				// Public endpoints with effects (logout, language) only anonymously; others only where refused.
				if (pageAllowed && !(rule.page === 'public' && persona === 'anonymous')) continue;
				check(pageAllowed, rule.page === 'public', method, path, await ctx.fetch(path, { method, form: { probe: '1' } }));
			}
			for (const action of r.actions) {
				const access = actionAccess(rule, action);
				if (!access) continue;
				const allowed = allows(access, roles);
				if (allowed && !(access === 'public' && persona === 'anonymous')) continue;
				const target = action === 'default' ? path : `${path}?/${action}`;
				check(allowed, access === 'public', 'POST', target, await ctx.post(target, { form: { probe: '1' } }));
			}
		}
		expect(problems).toEqual([]);
	});
}
