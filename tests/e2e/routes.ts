// Route discovery shared by the authorisation matrix and the accessibility suite: every page, form action
// and endpoint is read from the file tree under src/routes, so a route added tomorrow is covered (and, until
// it is classified in ACCESS below, fails the matrix).
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../src/lib/vocab';

const ROUTES_DIR = path.resolve('src/routes');

export interface DiscoveredRoute {
	/** The route id as SvelteKit prints it, without (groups): `/admin/users/[id]`. */
	id: string;
	page: boolean;
	/** Named form actions of `+page.server.ts` (`default` for the unnamed one). */
	actions: string[];
	/** HTTP methods exported by `+server.ts`. */
	methods: string[];
}

/** The top-level keys of `export const actions = { … }`, read with a small tokenizer (no TypeScript compiler). */
export function actionKeys(source: string): string[] {
	const start = /export\s+const\s+actions\b[^=]*=\s*(?:\(\s*)?\{/.exec(source);
	if (!start) return [];
	const keys: string[] = [];
	let i = start.index + start[0].length;
	let depth = 1;
	let expectKey = true;
	while (i < source.length && depth > 0) {
		const c = source[i]!;
		const rest = source.slice(i);
		if (rest.startsWith('//')) {
			i = source.indexOf('\n', i);
			if (i < 0) break;
			continue;
		}
		if (rest.startsWith('/*')) {
			i = source.indexOf('*/', i) + 2;
			continue;
		}
		if (c === '"' || c === "'" || c === '`') {
			const end = skipString(source, i);
			if (depth === 1 && expectKey) {
				keys.push(source.slice(i + 1, end - 1));
				expectKey = false;
			}
			i = end;
			continue;
		}
		if ('{(['.includes(c)) depth++;
		else if ('})]'.includes(c)) depth--;
		else if (c === ',' && depth === 1) expectKey = true;
		else if (depth === 1 && expectKey && /[A-Za-z_$]/.test(c)) {
			const word = /^(?:async\s+)?([A-Za-z_$][\w$]*)/.exec(rest)!;
			keys.push(word[1]!);
			expectKey = false;
			i += word[0].length;
			continue;
		}
		i++;
	}
	return keys;
}

function skipString(s: string, i: number): number {
	const quote = s[i];
	for (let j = i + 1; j < s.length; j++) {
		if (s[j] === '\\') j++;
		else if (s[j] === quote) return j + 1;
	}
	return s.length;
}

export function endpointMethods(source: string): string[] {
	const found = new Set<string>();
	const re = /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|fallback)\b/g;
	for (const m of source.matchAll(re)) found.add(m[1]!);
	// `export { handler as GET }` style
	for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
		for (const part of m[1]!.split(',')) {
			const name = /\bas\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD)\b/.exec(part)?.[1] ?? /^\s*(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD)\s*$/.exec(part)?.[1];
			if (name) found.add(name);
		}
	}
	return [...found].sort();
}

export function discoverRoutes(dir = ROUTES_DIR): DiscoveredRoute[] {
	const out: DiscoveredRoute[] = [];
	const walk = (abs: string, segments: string[]) => {
		const entries = fs.readdirSync(abs, { withFileTypes: true });
		const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
		const pageFile = [...files].find((f) => /^\+page(@.*)?\.svelte$/.test(f));
		const pageServer = ['+page.server.ts', '+page.server.js'].find((f) => files.has(f));
		const endpoint = ['+server.ts', '+server.js'].find((f) => files.has(f));
		if (pageFile || endpoint) {
			const id = '/' + segments.filter((s) => !/^\(.*\)$/.test(s)).join('/');
			out.push({
				id,
				page: Boolean(pageFile),
				actions: pageServer ? actionKeys(fs.readFileSync(path.join(abs, pageServer), 'utf8')) : [],
				methods: endpoint ? endpointMethods(fs.readFileSync(path.join(abs, endpoint), 'utf8')) : []
			});
		}
		for (const e of entries) if (e.isDirectory()) walk(path.join(abs, e.name), [...segments, e.name]);
	};
	walk(dir, []);
	return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** A regular expression matching concrete paths of a route id (`[id]`, `[...rest]`, `[[optional]]`, `[x=matcher]`). */
export function routePattern(id: string): RegExp {
	if (id === '/') return /^\/$/;
	const parts = id.split('/').filter(Boolean).map((seg) => {
		if (/^\[\[.+\]\]$/.test(seg)) return '(?:/[^/]+)?';
		if (/^\[\.\.\..+\]$/.test(seg)) return '(?:/.+)?';
		return '/' + seg.replace(/\[[^\]]+\]/g, '[^/]+').replace(/\./g, '\\.');
	});
	return new RegExp('^' + parts.join('') + '/?$');
}

export const isDynamic = (id: string) => id.includes('[');

/* ------------------------------------------------------------------------------------------------------ */
/* Policy                                                                                                   */
/* ------------------------------------------------------------------------------------------------------ */

/**
 * Who may use a route: `public` (anyone, signed in or not), `user` (any signed-in account), a list of roles
 * (admins pass every role check), or `credentials` (own authentication such as the LRS's HTTP Basic keys:
 * no browser session of any role opens it). Actions may have a stricter rule than the page.
 */
export type Access = 'public' | 'user' | 'credentials' | readonly Role[];
export interface Rule {
	page: Access;
	/** Defaults to the page's rule; a record gives one rule per action name. */
	actions?: Access | Record<string, Access>;
}

export function actionAccess(rule: Rule, action: string): Access | undefined {
	if (!rule.actions) return rule.page;
	if (typeof rule.actions === 'string' || Array.isArray(rule.actions)) return rule.actions as Access;
	return (rule.actions as Record<string, Access>)[action];
}

/**
 * Public routes are listed one by one on purpose; everything else is matched by prefix, longest first.
 * A route that matches neither fails the matrix: classify it here when you add it.
 */
export const PUBLIC_ROUTES: Record<string, Rule> = {
	'/': { page: 'public' },
	'/login': { page: 'public' },
	'/logout': { page: 'public' },
	'/language': { page: 'public' },
	'/signup': { page: 'public' },
	'/signup/[token]': { page: 'public' },
	'/reset': { page: 'public' },
	'/reset/[token]': { page: 'public' },
	'/invite/[token]': { page: 'public' },
	'/join': { page: 'public' },
	'/join/[code]': { page: 'public', actions: { register: 'public', join: 'user' } },
	'/account/email/[token]': { page: 'public' },
	'/impressum': { page: 'public' },
	'/datenschutz': { page: 'public' },
	'/barrierefreiheit': { page: 'public' },
	'/leichte-sprache': { page: 'public' },
	'/healthz': { page: 'public' },
	'/verify': { page: 'public' },
	'/verify/[code]': { page: 'public' },
	// Checks a pasted or uploaded Open Badge (public POST: origin-checked in hooks, rate-limited per address).
	'/verify/badge': { page: 'public' },
	// Open Badges: issuer profile, signing keys and revocation list are for any verifier.
	'/badges/issuer': { page: 'public' },
	'/badges/jwks.json': { page: 'public' },
	'/badges/revocations': { page: 'public' },
	'/courses': { page: 'public' },
	'/courses/[slug]': { page: 'public', actions: 'user' },
	'/courses/[slug]/glossary': { page: 'public' },
	'/courses/[slug]/assets/[version]/[...path]': { page: 'public' }
};

export const PREFIX_RULES: Record<string, Rule> = {
	'/admin': { page: ['admin'] },
	'/manage': { page: ['org_manager'] },
	'/trainer': { page: ['trainer'] },
	'/evaluate': { page: ['evaluator'] },
	// Studies: evaluators (admins pass); an organisation-scoped evaluator sees and closes only their
	// organisations' studies (checked inside the route: 404 for others). /evaluate/export takes GET and POST.
	'/evaluate/studies': { page: ['evaluator'], actions: { create: ['evaluator'], close: ['evaluator'] } },
	'/learn': { page: ['learner'] },
	'/account': { page: 'user' },
	// The owner, their organisation's managers and admins; others get 404 (checked inside the route).
	'/certificates': { page: 'user' },
	'/courses/[slug]/lessons': { page: 'user' },
	'/courses/[slug]/self-assessment': { page: 'user' },
	// The LRS authenticates its clients with HTTP Basic keys; no browser session opens it.
	'/xapi': { page: 'credentials' }
};

export function ruleFor(id: string): Rule | undefined {
	if (PUBLIC_ROUTES[id]) return PUBLIC_ROUTES[id];
	const prefix = Object.keys(PREFIX_RULES)
		.filter((p) => id === p || id.startsWith(p + '/'))
		.sort((a, b) => b.length - a.length)[0];
	return prefix ? PREFIX_RULES[prefix] : undefined;
}

export function allows(access: Access, roles: readonly Role[] | null): boolean {
	if (access === 'public') return true;
	if (access === 'credentials') return false;
	if (!roles) return false;
	if (access === 'user') return true;
	return roles.includes('admin') || access.some((r) => roles.includes(r));
}
