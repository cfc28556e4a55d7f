import { existsSync } from 'node:fs';

/**
 * Which Chromium the browser tests drive, without downloading anything: CHROMIUM_PATH if set, Debian's
 * /usr/bin/chromium if installed, otherwise the headless Chromium inside the @sparticuz/chromium npm package.
 */
const NETWORK_QUIET = [
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

// @sparticuz/chromium is built for AWS Lambda; these of its defaults would weaken what we test (CSP, CORS)
// or fight Playwright's own process handling.
const DROPPED = [
	'--disable-web-security',
	'--allow-running-insecure-content',
	'--single-process',
	'--disable-site-isolation-trials',
	'--no-zygote'
];

export async function chromiumLaunchOptions(): Promise<{ executablePath: string; args: string[] }> {
	const explicit = process.env.CHROMIUM_PATH;
	if (explicit) return { executablePath: explicit, args: ['--no-sandbox', ...NETWORK_QUIET] };
	if (existsSync('/usr/bin/chromium')) {
		return { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', ...NETWORK_QUIET] };
	}
	const { default: chromium } = await import('@sparticuz/chromium');
	const executablePath = await chromium.executablePath();
	const args = chromium.args.filter((a) => !DROPPED.includes(a) && !a.startsWith('--headless'));
	return { executablePath, args: [...args, ...NETWORK_QUIET] };
}
