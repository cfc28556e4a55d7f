import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { settings } from '../db/schema';

/** Every run-time setting with its schema and default, so a bad stored value can never crash a page. */
const legalText = z.object({ de: z.string().max(50_000), en: z.string().max(50_000) });

export const ACCESSIBILITY_STATUS = ['full', 'partial', 'none'] as const;
export const ACCESSIBILITY_METHOD = ['self', 'external'] as const;
export const accessibilityStatementSchema = z.object({
	status: z.enum(ACCESSIBILITY_STATUS),
	/** ISO date (YYYY-MM-DD) the statement was prepared or last reviewed. */
	preparedOn: z.iso.date(),
	method: z.enum(ACCESSIBILITY_METHOD),
	/** Markdown: the parts that are not accessible, why, and the accessible alternative. */
	knownIssues: legalText,
	/** Markdown: the enforcement / conciliation body for the operator's Land. */
	enforcement: legalText
});
export type AccessibilityStatement = z.infer<typeof accessibilityStatementSchema>;

/** The date the built-in statement describes: the state of the software when the self-assessment was done. */
export const DEFAULT_STATEMENT_DATE = '2026-11-25';

export const SETTINGS = {
	signup_allowed: { schema: z.boolean(), default: false },
	/** The organisation that issues certificates for courses without an issuer of their own ('' = the platform). */
	certificate_default_issuer: { schema: z.union([z.uuid(), z.literal('')]), default: '' },
	// Legal pages the operator writes in Markdown; empty means "show the built-in default / placeholder".
	legal_impressum: { schema: legalText, default: { de: '', en: '' } },
	legal_datenschutz: { schema: legalText, default: { de: '', en: '' } },
	accessibility_statement: {
		schema: accessibilityStatementSchema,
		default: {
			status: 'partial',
			preparedOn: DEFAULT_STATEMENT_DATE,
			method: 'self',
			knownIssues: { de: '', en: '' },
			enforcement: { de: '', en: '' }
		}
	},
	/** Minimum number of learners behind any published figure (k-anonymity); never below 5. */
	stats_min_cell: { schema: z.number().int().min(5).max(100), default: 5 }
} as const;
export type SettingKey = keyof typeof SETTINGS;
type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]['schema']>;

export async function getSetting<K extends SettingKey>(db: DbOrTx, key: K): Promise<SettingValue<K>> {
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
	const parsed = SETTINGS[key].schema.safeParse(row?.value);
	return (parsed.success ? parsed.data : SETTINGS[key].default) as SettingValue<K>;
}

export async function setSetting<K extends SettingKey>(
	db: DbOrTx,
	key: K,
	value: SettingValue<K>,
	actorId: string | null
): Promise<void> {
	const checked = SETTINGS[key].schema.parse(value);
	await db
		.insert(settings)
		.values({ key, value: checked, updatedBy: actorId })
		.onConflictDoUpdate({
			target: settings.key,
			set: { value: checked, updatedAt: new Date(), updatedBy: actorId }
		});
}
