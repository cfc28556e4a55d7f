// Signed-in API contexts per demo role and a crawler that finds concrete URLs for dynamic routes, used by
// the authorisation matrix and the accessibility suite.
import type { APIRequestContext, APIResponse, PlaywrightWorkerArgs } from '@playwright/test';
import type { Role } from '../../src/lib/vocab';
import { DEMO_ACCOUNTS } from '../../src/lib/server/demo/accounts';
import { discoverRoutes, isDynamic, routePattern, type DiscoveredRoute } from './routes';

export const PERSONAS = ['anonymous', 'learner', 'trainer', 'manager', 'evaluator', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];

const EMAIL_PREFIX: Record<Exclude<Persona, 'anonymous'>, string> = {
	learner: 'lernende@',
	trainer: 'trainer@',
	manager: 'manager@',
	evaluator: 'evaluation@',
	admin: 'admin@'
};

export function personaAccount(p: Exclude<Persona, 'anonymous'>) {
	return DEMO_ACCOUNTS.find((a) => a.email.startsWith(EMAIL_PREFIX[p]))!;
}

export function personaRoles(p: Persona): Role[] | null {
	if (p === 'anonymous') return null;
	return personaAccount(p).roles.map((r) => r.role);
}

// Form posts from our own origin, asking for HTML as a browser does (SvelteKit answers actions in JSON otherwise).
const HEADERS = (baseURL: string) => ({ origin: baseURL, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' });

export async function apiContext(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, persona: Persona) {
	const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: HEADERS(baseURL), maxRedirects: 0 });
	if (persona !== 'anonymous') {
		const a = personaAccount(persona);
		const res = await ctx.post('/login', { form: { email: a.email, password: a.password }, maxRedirects: 0 });
		if (res.status() !== 303) throw new Error(`login as ${persona} answered ${res.status()}`);
	}
	return ctx;
}

/**
 * Token routes cannot be found by following links (the tokens are mailed); a well-formed but unknown
 * token exercises the same code path a stale link does.
 */
export const SYNTHETIC_ID = '00000000-0000-4000-8000-000000000000';

export const PARAM_FALLBACKS: Record<string, (found: Map<string, string>) => string | undefined> = {
	'/invite/[token]': () => '/invite/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
	'/reset/[token]': () => '/reset/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
	'/signup/[token]': () => '/signup/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
	'/account/email/[token]': () => '/account/email/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
	'/join/[code]': () => '/join/ABCD2345',
	'/verify/[code]': () => '/verify/UNBEKANNT-0000',
	// Demo data holds no certificate yet; an unknown id checks that nobody gets more than a 404.
	'/certificates/[id]': () => `/certificates/${SYNTHETIC_ID}`,
	'/certificates/[id]/pdf': () => `/certificates/${SYNTHETIC_ID}/pdf`,
	'/certificates/[id]/badge': () => `/certificates/${SYNTHETIC_ID}/badge`,
	'/certificates/[id]/renew': () => `/certificates/${SYNTHETIC_ID}/renew`,
	'/certificates/[id]/logo': () => `/certificates/${SYNTHETIC_ID}/logo`,
	'/xapi/[...resource]': () => '/xapi/statements',
	// Demo data holds no assignment; an unknown id under a real organisation exercises the route's checks.
	'/manage/[orgId]/assignments/[id]': (found) =>
		found.get('/manage/[orgId]') ? `${found.get('/manage/[orgId]')}/assignments/${SYNTHETIC_ID}` : undefined,
	'/manage/[orgId]/dashboard/export': (found) =>
		found.get('/manage/[orgId]') ? `${found.get('/manage/[orgId]')}/dashboard/export?format=csv` : undefined,
	'/trainer/authoring/[id]/preview': (found) =>
		found.get('/trainer/authoring/[id]') ? `${found.get('/trainer/authoring/[id]')}/preview` : undefined,
	'/trainer/authoring/[id]/export': (found) =>
		found.get('/trainer/authoring/[id]') ? `${found.get('/trainer/authoring/[id]')}/export` : undefined,
	'/trainer/authoring/[id]/try': (found) =>
		found.get('/trainer/authoring/[id]') ? `${found.get('/trainer/authoring/[id]')}/try` : undefined,
	// A lesson id the draft does not have still runs the preview's access check first.
	'/trainer/authoring/[id]/try/[lesson]': (found) =>
		found.get('/trainer/authoring/[id]') ? `${found.get('/trainer/authoring/[id]')}/try/missing` : undefined,
	// The demo courses carry no media; a missing asset of a real course exercises the same handler.
	'/courses/[slug]/assets/[version]/[...path]': (found) =>
		found.get('/courses/[slug]') ? `${found.get('/courses/[slug]')}/assets/1/missing.png` : undefined
};

const LINK = /(?:href|src|action)="(\/[^"#?]*)(?:\?[^"#]*)?(?:#[^"]*)?"/g;

/**
 * Breadth-first over same-site links of GET pages, as several personas, until every dynamic route has a
 * concrete URL or nothing new turns up. GET must never change state, so following every link is safe —
 * and if it is not, the matrix is where we want to find out.
 */
export async function findSamples(contexts: APIRequestContext[], routes = discoverRoutes(), limit = 400) {
	const dynamic = routes.filter((r) => isDynamic(r.id));
	const samples = new Map<string, string>();
	const patterns = dynamic.map((r) => [r.id, routePattern(r.id)] as const);
	const staticPaths = routes.filter((r) => !isDynamic(r.id) && r.page).map((r) => r.id);
	for (const ctx of contexts) {
		const seen = new Set<string>();
		const queue = [...staticPaths, ...samples.values()];
		let fetched = 0;
		while (queue.length && fetched < limit && samples.size < dynamic.length) {
			const p = queue.shift()!;
			if (seen.has(p) || p === '/logout' || p === '/language') continue;
			seen.add(p);
			let res: APIResponse;
			try {
				res = await ctx.get(p);
			} catch {
				continue;
			}
			fetched++;
			if (!(res.headers()['content-type'] ?? '').includes('text/html')) continue;
			const html = await res.text();
			for (const m of html.matchAll(LINK)) {
				const href = decodeURI(m[1]!);
				for (const [id, re] of patterns) {
					if (!samples.has(id) && re.test(href) && matchesMostSpecific(href, id, routes)) samples.set(id, href);
				}
				if (!seen.has(href) && !/\.(css|js|png|jpe?g|svg|woff2?|ico|vtt|mp4|webm|pdf)$/i.test(href)) queue.push(href);
			}
		}
	}
	for (const [id, make] of Object.entries(PARAM_FALLBACKS)) {
		const href = samples.has(id) ? undefined : make(samples);
		if (href) samples.set(id, href);
	}
	return samples;
}

/** `/admin/users/new` matches `/admin/users/[id]` too; a static sibling always wins, as in SvelteKit. */
function matchesMostSpecific(href: string, id: string, routes: DiscoveredRoute[]): boolean {
	const candidates = routes.filter((r) => routePattern(r.id).test(href));
	const score = (rid: string) => rid.split('/').map((s) => (s.startsWith('[...') ? 0 : s.startsWith('[') ? 1 : 2));
	candidates.sort((a, b) => {
		const sa = score(a.id), sb = score(b.id);
		for (let i = 0; i < Math.max(sa.length, sb.length); i++) if ((sa[i] ?? -1) !== (sb[i] ?? -1)) return (sb[i] ?? -1) - (sa[i] ?? -1);
		return 0;
	});
	return candidates[0]?.id === id;
}

/**
 * A fresh learner enrolled in every self-enrolment course: lesson, print and self-assessment pages are only
 * linked for enrolled people, and the demo learner's own state belongs to the other tests.
 */
export async function enrolledLearner(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, admin: APIRequestContext) {
	const email = `matrix-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.org`;
	const password = 'Matrix-Passwort-2026';
	const created = await admin.post('/admin/users/new', { form: { name: 'Matrix Lernende', email, password, locale: 'de', roles: 'learner' } });
	if (created.status() !== 303) throw new Error(`creating the matrix learner answered ${created.status()}`);
	const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: HEADERS(baseURL), maxRedirects: 0 });
	const login = await ctx.post('/login', { form: { email, password } });
	if (login.status() !== 303) throw new Error(`matrix learner login answered ${login.status()}`);
	const catalogue = await (await ctx.get('/courses')).text();
	for (const m of new Set([...catalogue.matchAll(/href="(\/courses\/[a-z0-9-]+)"/g)].map((x) => x[1]!))) {
		await ctx.post(`${m}?/enrol`, { form: {} });
	}
	return ctx;
}

/**
 * Things the demo data lacks but some routes need before anything links to them. Each step runs only when
 * its route exists, and creates new rows of its own (never changes the demo accounts' state).
 */
export async function prepareData(contexts: Map<Persona, APIRequestContext>, routes = discoverRoutes()) {
	const has = (id: string) => routes.some((r) => r.id === id);
	if (has('/trainer/authoring/new')) {
		const slug = `matrix-${Date.now().toString(36)}`;
		const res = await contexts.get('trainer')!.post('/trainer/authoring/new', { form: { title: 'Matrix-Entwurf', slug } });
		if (res.status() !== 303) throw new Error(`creating a draft answered ${res.status()}`);
	}
}

export type Outcome = 'ok' | 'login' | 'denied' | 'redirect' | 'invalid' | 'error';

export function outcomeOf(res: APIResponse): Outcome {
	const s = res.status();
	if (s >= 500) return 'error';
	if (s >= 200 && s < 300) return 'ok';
	if (s >= 300 && s < 400) {
		const loc = res.headers()['location'] ?? '';
		return /^(https?:\/\/[^/]+)?\/login(\?|$)/.test(loc) ? 'login' : 'redirect';
	}
	if (s === 401 || s === 403 || s === 404) return 'denied';
	return 'invalid';
}
