import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import type { SessionUser } from './session';
import { orgScope, requireOrgAccess, requireRole, requireUser } from './guards';

const user = (roles: SessionUser['roles']): SessionUser => ({
	id: 'u',
	email: 'u@x.example',
	name: 'U',
	locale: 'de',
	organisationId: 'org-a',
	actorId: 'a',
	roles
});

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	throw new Error('expected a throw');
}

describe('guards', () => {
	it('sends anonymous visitors to the login page with the way back', () => {
		const e = thrown(() => requireUser({ user: null }, { pathname: '/admin/users', search: '?q=a' }));
		expect(isRedirect(e) && e.location).toBe('/login?redirectTo=%2Fadmin%2Fusers%3Fq%3Da');
	});

	it('answers 403 to a signed-in user without the role', () => {
		const e = thrown(() => requireRole({ user: user([{ role: 'learner', organisationId: null }]) }, 'admin'));
		expect(isHttpError(e) && e.status).toBe(403);
	});

	it('lets admins into every role area', () => {
		expect(requireRole({ user: user([{ role: 'admin', organisationId: null }]) }, 'evaluator').id).toBe('u');
	});

	it('confines a scoped manager to their organisation and hides others with 404', () => {
		const mgr = user([{ role: 'org_manager', organisationId: 'org-a' }]);
		expect(requireOrgAccess({ user: mgr }, 'org-a').id).toBe('u');
		const e = thrown(() => requireOrgAccess({ user: mgr }, 'org-b'));
		expect(isHttpError(e) && e.status).toBe(404);
		expect(orgScope(mgr, 'org_manager')).toEqual(['org-a']);
	});

	it('treats an unscoped grant as access to all organisations', () => {
		expect(orgScope(user([{ role: 'evaluator', organisationId: null }]), 'evaluator')).toBeNull();
	});
});
