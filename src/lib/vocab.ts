/**
 * The platform's fixed vocabularies, shared by the database schema, the server and the browser.
 * No imports: drizzle-kit and the CLI scripts load this file without SvelteKit's aliases.
 */
export const ROLES = ['learner', 'trainer', 'org_manager', 'evaluator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_TYPES = ['verwaltung', 'kammer', 'unternehmen', 'migrantenorganisation', 'sonstige'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
