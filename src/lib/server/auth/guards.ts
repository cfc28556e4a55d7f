import { error, redirect } from '@sveltejs/kit';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

/**
 * The one authorisation module. Every `load` and every action calls one of these first — a layout's check
 * alone never counts, because SvelteKit runs page loads and actions without waiting for the layout.
 */
type LocalsLike = { user: SessionUser | null };
type UrlLike = { pathname: string; search: string };

export function requireUser(locals: LocalsLike, url?: UrlLike): SessionUser {
	if (!locals.user) {
		const target = url ? `?redirectTo=${encodeURIComponent(url.pathname + url.search)}` : '';
		redirect(303, `/login${target}`);
	}
	return locals.user;
}

export function hasRole(user: SessionUser | null, role: Role, organisationId?: string | null): boolean {
	if (!user) return false;
	return user.roles.some(
		(r) =>
			r.role === role &&
			(organisationId === undefined || r.organisationId === null || r.organisationId === organisationId)
	);
}

export const isAdmin = (user: SessionUser | null) => hasRole(user, 'admin');

/** Admins pass every role check: they administer the platform and must be able to see every area. */
export function requireRole(locals: LocalsLike, roles: Role | Role[], url?: UrlLike): SessionUser {
	const user = requireUser(locals, url);
	const wanted = Array.isArray(roles) ? roles : [roles];
	if (!isAdmin(user) && !wanted.some((r) => hasRole(user, r))) error(403, 'forbidden');
	return user;
}

export const requireAdmin = (locals: LocalsLike, url?: UrlLike) => requireRole(locals, 'admin', url);

/**
 * Access to one organisation's data in a role: an unscoped holder of the role (or an admin) may see any
 * organisation; a scoped holder only their own. Answers 404 rather than 403 for foreign organisations, so
 * their existence is not confirmed.
 */
export function requireOrgAccess(
	locals: LocalsLike,
	organisationId: string,
	roles: Role | Role[] = 'org_manager',
	url?: UrlLike
): SessionUser {
	const user = requireRole(locals, roles, url);
	if (isAdmin(user)) return user;
	const wanted = Array.isArray(roles) ? roles : [roles];
	if (!wanted.some((r) => hasRole(user, r, organisationId))) error(404, 'not found');
	return user;
}

/** The organisations a user may act on in a role; `null` means all of them. */
export function orgScope(user: SessionUser, role: Role): string[] | null {
	if (isAdmin(user)) return null;
	const grants = user.roles.filter((r) => r.role === role);
	if (grants.some((r) => r.organisationId === null)) return null;
	return grants.map((r) => r.organisationId!).filter(Boolean);
}
