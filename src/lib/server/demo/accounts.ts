import type { OrgType, Role } from '../db/schema';

/**
 * Demo data for trying the platform (never created on a production PostgreSQL deployment). The passwords
 * are public on purpose: they are printed on start and listed in the README.
 */
export const DEMO_ORGANISATIONS = [
	{ key: 'landkreis', name: 'Landkreis Holzminden – Kreisverwaltung (Demo)', type: 'verwaltung', regionAgs: '03255' },
	{ key: 'ihk', name: 'IHK Oldenburg (Demo)', type: 'kammer', regionAgs: '03403' },
	{ key: 'hwk', name: 'Handwerkskammer Kassel (Demo)', type: 'kammer', regionAgs: '06611' },
	{ key: 'tischlerei', name: 'Tischlerei Brandt GmbH, Cloppenburg (Demo)', type: 'unternehmen', regionAgs: '03453' },
	{ key: 'pflege', name: 'Ambulanter Pflegedienst Werra (Demo)', type: 'unternehmen', regionAgs: '06636' }
] as const satisfies readonly { key: string; name: string; type: OrgType; regionAgs: string }[];

type OrgKey = (typeof DEMO_ORGANISATIONS)[number]['key'];

export interface DemoAccount {
	email: string;
	password: string;
	name: string;
	org: OrgKey | null;
	roles: { role: Role; scoped: boolean }[];
	/** What the README and the start-up banner say this account is for. */
	label: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	{
		email: 'lernende@lernbruecke.example',
		password: 'Demo-Lernen-2026',
		name: 'Lea Lernende',
		org: 'landkreis',
		roles: [{ role: 'learner', scoped: false }],
		label: 'Lernende (Verwaltung)'
	},
	{
		email: 'trainer@lernbruecke.example',
		password: 'Demo-Trainer-2026',
		name: 'Tarik Trainer',
		org: 'ihk',
		roles: [
			{ role: 'trainer', scoped: true },
			{ role: 'learner', scoped: false }
		],
		label: 'Trainer (Kammer)'
	},
	{
		email: 'manager@lernbruecke.example',
		password: 'Demo-Manager-2026',
		name: 'Mona Managerin',
		org: 'tischlerei',
		roles: [
			{ role: 'org_manager', scoped: true },
			{ role: 'learner', scoped: false }
		],
		label: 'Organisationsverwaltung (Unternehmen)'
	},
	{
		email: 'evaluation@lernbruecke.example',
		password: 'Demo-Evaluation-2026',
		name: 'Eva Evaluatorin',
		org: null,
		roles: [{ role: 'evaluator', scoped: false }],
		label: 'Evaluation (Hochschule)'
	},
	{
		email: 'admin@lernbruecke.example',
		password: 'Demo-Admin-2026',
		name: 'Adam Admin',
		org: null,
		roles: [{ role: 'admin', scoped: false }],
		label: 'Administration'
	}
];
