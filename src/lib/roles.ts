/** Role vocabulary shared by server and client (no server imports). */
export const ROLE_ORDER = ['admin', 'evaluator', 'org_manager', 'trainer', 'learner'] as const;
export type RoleName = (typeof ROLE_ORDER)[number];

export const ROLE_HOME: Record<RoleName, string> = {
	admin: '/admin',
	evaluator: '/evaluate',
	org_manager: '/manage',
	trainer: '/trainer',
	learner: '/learn'
};

/** Where a user lands after login: the home of their most specific role. */
export function homeFor(roles: readonly string[]): string {
	const role = ROLE_ORDER.find((r) => roles.includes(r));
	return role ? ROLE_HOME[role] : '/account';
}
