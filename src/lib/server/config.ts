import { z } from 'zod';

/**
 * Runtime configuration, read from the environment once and validated (every boundary gets zod).
 * Deliberately not `$env/dynamic/private`: the CLI scripts (seed, admin:create, courses:import) share this
 * module and run outside SvelteKit.
 */
const envSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	PGLITE_DIR: z.string().min(1).default('./data/pglite'),
	MIGRATIONS_DIR: z.string().min(1).default('./drizzle'),
	/** Course folders imported on start and by `npm run courses:import`. */
	COURSES_DIR: z.string().min(1).default('./courses'),
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	ORIGIN: z.url().optional(),
	/** `auto`: demo organisations and accounts on an empty database unless production on PostgreSQL. */
	DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
	/** `smtp://user:pass@host:587` or `smtps://…:465`; unset keeps every mail in the dev outbox (/admin/mail). */
	SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	/** Sender of every mail, e.g. `Lernbrücke <noreply@lernen.example.de>`; defaults to noreply@ the ORIGIN's host. */
	/** Forwarding to external LRSs: pause between polls of the outbox, and the first retry delay (doubling). */
	XAPI_FORWARD_INTERVAL_MS: z.coerce.number().int().min(50).default(5000),
	XAPI_FORWARD_RETRY_MS: z.coerce.number().int().min(10).default(30_000),
	MAIL_FROM: z
		.string()
		.trim()
		.min(3)
		.optional()
		.or(z.literal('').transform(() => undefined)),
	/** Seconds between runs of the scheduled jobs (assignment reminders, manager summaries); 0 switches them off. */
	SCHEDULER_INTERVAL_SECONDS: z.coerce
		.number()
		.int()
		.min(0)
		.max(86_400)
		.refine((n) => n === 0 || n >= 5, 'must be 0 (off) or at least 5')
		.default(900),
	/**
	 * `on`: validated sessions are kept in memory for up to a minute and dropped on any change through
	 * PostgreSQL LISTEN/NOTIFY, so most requests skip the session query (see auth/session-cache.ts).
	 */
	SESSION_CACHE: z.enum(['on', 'off']).default('on'),
	/** Days after which a learner's erasure request completes by itself unless an admin did it earlier; 0: never. */
	ERASURE_DELAY_DAYS: z.coerce.number().int().min(0).max(365).default(30)
});

export type AppConfig = z.infer<typeof envSchema> & { origin: string; secureCookies: boolean; mailFrom: string };

let cached: AppConfig | undefined;

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const origin = (parsed.data.ORIGIN ?? `http://localhost:${parsed.data.PORT}`).replace(/\/$/, '');
	const mailFrom = parsed.data.MAIL_FROM ?? `Lernbrücke <noreply@${new URL(origin).hostname}>`;
	return { ...parsed.data, origin, secureCookies: origin.startsWith('https://'), mailFrom };
}

export function config(): AppConfig {
	cached ??= loadConfig();
	return cached;
}

/** Demo data is for trying the platform; never on a production PostgreSQL deployment. */
export function demoDataEnabled(c: AppConfig = config()): boolean {
	if (c.DEMO_DATA !== 'auto') return c.DEMO_DATA === 'on';
	return !(c.NODE_ENV === 'production' && c.DATABASE_URL);
}

export class ConfigError extends Error {}
