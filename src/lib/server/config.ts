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
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	ORIGIN: z.url().optional(),
	/** `auto`: demo organisations and accounts on an empty database unless production on PostgreSQL. */
	DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')
});

export type AppConfig = z.infer<typeof envSchema> & { origin: string; secureCookies: boolean };

let cached: AppConfig | undefined;

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const origin = (parsed.data.ORIGIN ?? `http://localhost:${parsed.data.PORT}`).replace(/\/$/, '');
	return { ...parsed.data, origin, secureCookies: origin.startsWith('https://') };
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
