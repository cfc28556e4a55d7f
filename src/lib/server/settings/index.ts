import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { settings } from '../db/schema';

/** Every run-time setting with its schema and default, so a bad stored value can never crash a page. */
export const SETTINGS = {
	signup_allowed: { schema: z.boolean(), default: false },
	/** The organisation that issues certificates for courses without an issuer of their own ('' = the platform). */
	certificate_default_issuer: { schema: z.union([z.uuid(), z.literal('')]), default: '' }
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
