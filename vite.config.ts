import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';

const drivers = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
			cookieName: 'lb_lang',
			emitGitIgnore: true
		}),
		sveltekit()
	],
	server: { port: 5173 },
	// The timing report is noise on a busy 2-core machine; the build is fast enough.
	build: { rolldownOptions: { checks: { bundlerTimings: false } } },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts'],
					exclude: ['src/**/*.db.test.ts', 'src/**/*.svelte.test.ts']
				}
			},
			// The database suites run once per driver: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
			...drivers.map((driver) => ({
				extends: './vite.config.ts',
				test: {
					name: `db-${driver}`,
					environment: 'node',
					include: ['src/**/*.db.test.ts', 'tests/integration/**/*.test.ts'],
					env: { TEST_DB_DRIVER: driver },
					globalSetup: ['./tests/setup/global-db.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}))
		]
	}
});
