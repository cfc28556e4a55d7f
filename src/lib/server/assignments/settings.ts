import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { organisationSettings, type ManagerSummary } from '../db/schema';
import { writeAudit } from '../audit';

export interface OrgSettings {
	reminderDays: number[];
	overdueReminder: boolean;
	managerSummary: ManagerSummary;
	countsOnly: boolean;
}

export const DEFAULT_SETTINGS: OrgSettings = { reminderDays: [7, 1], overdueReminder: true, managerSummary: 'weekly', countsOnly: false };

export async function getOrganisationSettings(db: DbOrTx, organisationId: string): Promise<OrgSettings> {
	const [row] = await db.select().from(organisationSettings).where(eq(organisationSettings.organisationId, organisationId));
	return row
		? { reminderDays: row.reminderDays, overdueReminder: row.overdueReminder, managerSummary: row.managerSummary, countsOnly: row.countsOnly }
		: { ...DEFAULT_SETTINGS };
}

export async function allOrganisationSettings(db: DbOrTx): Promise<Map<string, OrgSettings>> {
	const rows = await db.select().from(organisationSettings);
	return new Map(rows.map((r) => [r.organisationId, { reminderDays: r.reminderDays, overdueReminder: r.overdueReminder, managerSummary: r.managerSummary, countsOnly: r.countsOnly }]));
}

/**
 * Saves the settings. `countsOnly` can be switched off only by a platform admin (`mayRelax`): the setting
 * exists so that a works agreement can restrict what managers see, and managers must not lift it themselves.
 */
export async function saveOrganisationSettings(
	db: DbOrTx,
	organisationId: string,
	input: OrgSettings,
	actor: { id: string; mayRelax: boolean }
): Promise<OrgSettings> {
	const current = await getOrganisationSettings(db, organisationId);
	const next: OrgSettings = {
		reminderDays: [...new Set(input.reminderDays)].sort((a, b) => b - a),
		overdueReminder: input.overdueReminder,
		managerSummary: input.managerSummary,
		countsOnly: current.countsOnly && !actor.mayRelax ? true : input.countsOnly
	};
	await db
		.insert(organisationSettings)
		.values({ organisationId, ...next, updatedBy: actor.id, updatedAt: new Date() })
		.onConflictDoUpdate({ target: organisationSettings.organisationId, set: { ...next, updatedBy: actor.id, updatedAt: new Date() } });
	await writeAudit(db, { actorId: actor.id, action: 'organisation.settings', targetType: 'organisation', targetId: organisationId, details: { ...next } });
	return next;
}
