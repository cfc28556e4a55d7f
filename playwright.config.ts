import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/browser';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const launchOptions = await chromiumLaunchOptions();

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? 'line' : [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		browserName: 'chromium',
		launchOptions,
		locale: 'de-DE',
		timezoneId: 'Europe/Berlin',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	webServer: {
		// The production build on a fresh embedded database with demo data: what `npm start` serves.
		command: 'node tests/e2e/serve.js',
		url: `http://localhost:${PORT}/`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN: `http://localhost:${PORT}`,
			PGLITE_DIR: path.join(os.tmpdir(), `lb-e2e-${process.pid}`, 'pglite'),
			DEMO_DATA: 'on',
			LOG_LEVEL: 'warn',
			// Reminder mails arriving at a random moment would make "the newest mail to X" in the outbox racy.
			SCHEDULER_INTERVAL_SECONDS: '0'
		}
	}
});
