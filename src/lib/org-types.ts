import { m } from '$lib/paraglide/messages';

export { ORG_TYPES } from './vocab';

export function orgTypeLabel(type: string): string {
	switch (type) {
		case 'verwaltung':
			return m.orgtype_verwaltung();
		case 'kammer':
			return m.orgtype_kammer();
		case 'unternehmen':
			return m.orgtype_unternehmen();
		case 'migrantenorganisation':
			return m.orgtype_migrantenorganisation();
		default:
			return m.orgtype_sonstige();
	}
}

export const roleLabel = (role: string): string =>
	({
		learner: m.role_learner(),
		trainer: m.role_trainer(),
		org_manager: m.role_org_manager(),
		evaluator: m.role_evaluator(),
		admin: m.role_admin()
	})[role] ?? role;
