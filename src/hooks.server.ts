import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
	extractLocaleFromRequest,
	getServerAsyncLocalStorage,
	overwriteServerAsyncLocalStorage,
	type Locale
} from '$lib/paraglide/runtime';
import { boot } from '$lib/server/boot';
import { getDb } from '$lib/server/db';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { log, errorFields } from '$lib/server/log';

export const init: ServerInit = async () => {
	await boot();
};

const handleRequestId: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	const started = performance.now();
	const response = await resolve(event);
	log.debug('request', {
		requestId: event.locals.requestId,
		method: event.request.method,
		path: event.url.pathname,
		status: response.status,
		ms: Math.round(performance.now() - started)
	});
	return response;
};

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Kit's own CSRF check is off (svelte.config.js) because the LRS under /xapi must accept cross-origin
 * form and text bodies. Everything else gets the same rule Kit applies: a form-like body must come from
 * our own origin. JSON bodies cannot be sent cross-site without a CORS preflight, which we never grant
 * outside /xapi.
 */
const handleCsrf: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
	if (unsafe && !isLrsPath(url.pathname)) {
		const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
		const origin = request.headers.get('origin');
		if (FORM_TYPES.includes(type) && !sameOrigin(origin, url.origin, request.headers.get('host'))) {
			return new Response('Cross-site form submissions are forbidden', {
				status: 403,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
		}
	}
	return resolve(event);
};

/**
 * The browser's Origin must name this site: either the configured ORIGIN or the host the request was sent
 * to (so http://127.0.0.1:3000 works as well as http://localhost:3000). A cross-site page cannot forge
 * either: the browser sets Origin and Host itself.
 */
function sameOrigin(origin: string | null, own: string, host: string | null): boolean {
	if (!origin) return false;
	if (origin === own) return true;
	try {
		return host !== null && new URL(origin).host === host;
	} catch {
		return false;
	}
}

const isLrsPath = (path: string) => path === '/xapi' || path.startsWith('/xapi/');

const handleAuth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const secure = event.url.protocol === 'https:';
		const result = await validateSessionToken(getDb(), token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			setSessionCookie(event.cookies, token, result.session.expiresAt, secure);
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	return resolve(event);
};

// What Paraglide's paraglideMiddleware does for our strategies (cookie, Accept-Language, base locale; no URL
// strategy, so no redirect and no de-localised URL), without its per-request copy of the request
// (`new Request(request.clone())`, a tenth of the server's time in bench:xapi's batched POSTs and a few per cent
// of every page): the locale is read from the request and held in the AsyncLocalStorage the message functions
// read. The LRS speaks JSON in English only and never needs it.
type I18nStore = { locale?: Locale; origin?: string; messageCalls?: Set<string> };
const i18nStorage: AsyncLocalStorage<I18nStore> =
	(getServerAsyncLocalStorage() as AsyncLocalStorage<I18nStore> | undefined) ?? new AsyncLocalStorage<I18nStore>();
overwriteServerAsyncLocalStorage(i18nStorage);

const handleI18n: Handle = ({ event, resolve }) => {
	if (isLrsPath(event.url.pathname)) return resolve(event);
	const locale = extractLocaleFromRequest(event.request);
	return i18nStorage.run({ locale, origin: event.url.origin }, () =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) })
	);
};

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	// Responses of fetch() are immutable; those we leave alone (they carry their own headers).
	try {
		h.set('X-Content-Type-Options', 'nosniff');
		h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
		h.set('X-Frame-Options', 'DENY');
		h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
		h.set('Cross-Origin-Opener-Policy', 'same-origin');
		if (event.url.protocol === 'https:') {
			h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
		}
		if (event.locals.user && !h.has('cache-control')) h.set('Cache-Control', 'private, no-store');
	} catch {
		/* immutable headers */
	}
	return response;
};

export const handle = sequence(handleRequestId, handleCsrf, handleHeaders, handleI18n, handleAuth);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message, requestId: event.locals.requestId };
	log.error('unhandled error', {
		requestId: event.locals.requestId,
		path: event.url.pathname,
		status,
		...errorFields(error)
	});
	return { message: 'internal_error', requestId: event.locals.requestId };
};
