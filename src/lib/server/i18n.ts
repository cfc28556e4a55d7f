import type { Cookies } from '@sveltejs/kit';

export const LOCALE_COOKIE = 'lb_lang';

/** Paraglide's cookie strategy reads this cookie in the browser too, so it cannot be HttpOnly. */
export function setLocaleCookie(cookies: Cookies, locale: 'de' | 'en', secure: boolean) {
	cookies.set(LOCALE_COOKIE, locale, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		secure,
		maxAge: 60 * 60 * 24 * 400
	});
}
