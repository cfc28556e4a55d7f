import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, demo, login, expectAccessible } from './fixtures';
import type { Page } from '@playwright/test';

const EXPERIENCED = 'http://adlnet.gov/expapi/verbs/experienced';

/** The target's row in the targets table (the audit list below names targets too). */
const targetRow = (page: Page, name: RegExp) => page.getByRole('region', { name: 'Weiterleitungsziele' }).getByRole('row', { name });

async function fillTarget(page: Page, t: { name: string; endpoint: string; username: string; password?: string; verbs?: string }) {
	await page.getByRole('textbox', { name: 'Name', exact: true }).fill(t.name);
	await page.getByLabel('xAPI-Endpunkt (URL)').fill(t.endpoint);
	await page.getByLabel('Benutzername (HTTP Basic)').fill(t.username);
	if (t.password !== undefined) await page.getByLabel('Passwort (HTTP Basic)').fill(t.password);
	if (t.verbs !== undefined) await page.getByLabel('Nur diese Verben (IRIs, optional)').fill(t.verbs);
}

test('an admin adds a forwarding target, never sees its password again, edits, pauses and deletes it after confirming', async ({ page, visit }) => {
	const admin = demo('admin');
	await login(page, admin.email, admin.password);
	await visit('/admin/lrs');
	await page.getByRole('link', { name: 'Weiterleitung an andere LRS' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Weiterleitung an andere LRS');
	await expectAccessible(page);

	// A new target needs a password; a bad IRI in the filter is named next to the field.
	await fillTarget(page, { name: 'Kammer-LRS', endpoint: 'http://127.0.0.1:9/xapi', username: 'kammer', verbs: 'kein iri' });
	await page.getByRole('button', { name: 'Ziel anlegen' }).click();
	await expect(page.getByText('Bitte nur IRIs angeben')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Kammer-LRS');
	await expectAccessible(page);

	await page.getByLabel('Passwort (HTTP Basic)').fill('geheimes-kammer-passwort');
	await page.getByLabel('Nur diese Verben (IRIs, optional)').fill(EXPERIENCED);
	await page.getByRole('button', { name: 'Ziel anlegen' }).click();
	await expect(page).toHaveURL('/admin/lrs/forwarding?saved=1');
	const row = targetRow(page, /Kammer-LRS/);
	await expect(row).toContainText('http://127.0.0.1:9/xapi/');
	await expect(row).toContainText(`Verb ${EXPERIENCED}`);
	await expect(row).toContainText('aktiv');
	expect(await page.content()).not.toContain('geheimes-kammer-passwort');

	// Editing shows the form filled in, except the password, which is kept when left empty.
	await page.getByRole('link', { name: 'Kammer-LRS bearbeiten' }).click();
	await expect(page.getByRole('heading', { name: 'Ziel „Kammer-LRS“ bearbeiten' })).toBeVisible();
	await expect(page.getByLabel('Benutzername (HTTP Basic)')).toHaveValue('kammer');
	await expect(page.getByLabel('Passwort (HTTP Basic)')).toHaveValue('');
	expect(await page.content()).not.toContain('geheimes-kammer-passwort');
	await expectAccessible(page);
	await page.getByLabel('xAPI-Version').selectOption('2.0.0');
	await page.getByLabel('Organisation').selectOption({ label: 'Tischlerei Brandt GmbH, Cloppenburg (Demo)' });
	await page.getByRole('button', { name: 'Änderungen speichern' }).click();
	await expect(targetRow(page, /Kammer-LRS/)).toContainText('2.0.0');
	await expect(targetRow(page, /Kammer-LRS/)).toContainText('Organisation Tischlerei Brandt GmbH, Cloppenburg (Demo)');
	await page.getByRole('link', { name: 'Kammer-LRS bearbeiten' }).click();
	await expect(page.getByLabel('Organisation')).toHaveValue(/[0-9a-f-]{36}/);
	await page.getByRole('link', { name: 'Abbrechen' }).click();

	await page.getByRole('button', { name: 'Kammer-LRS pausieren' }).click();
	await expect(targetRow(page, /Kammer-LRS/)).toContainText('pausiert seit');
	await page.getByRole('button', { name: 'Kammer-LRS fortsetzen' }).click();
	await expect(targetRow(page, /Kammer-LRS/)).toContainText('aktiv');

	await page.getByRole('link', { name: 'Kammer-LRS löschen' }).click();
	await expect(page.getByText('Weiterleitungsziel „Kammer-LRS“ löschen?')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Ja, Ziel löschen' }).click();
	await expect(targetRow(page, /Kammer-LRS/)).toHaveCount(0);
	const history = page.getByRole('region', { name: 'Protokoll', exact: true }).getByRole('row');
	for (const action of ['lrs_forward.create', 'lrs_forward.update', 'lrs_forward.disable', 'lrs_forward.enable', 'lrs_forward.delete']) {
		await expect(history.filter({ hasText: action }).first()).toBeVisible();
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a target is added and deleted with plain form posts', async ({ page }) => {
		const admin = demo('admin');
		await login(page, admin.email, admin.password);
		await page.goto('/admin/lrs/forwarding');
		await fillTarget(page, { name: 'Ohne Skript LRS', endpoint: 'http://127.0.0.1:9/xapi/', username: 'u', password: 'ohne-skript-passwort' });
		await page.getByRole('button', { name: 'Ziel anlegen' }).click();
		await expect(targetRow(page, /Ohne Skript LRS/)).toContainText('alle Aussagen');
		await page.getByRole('link', { name: 'Ohne Skript LRS löschen' }).click();
		await page.getByRole('button', { name: 'Ja, Ziel löschen' }).click();
		await expect(targetRow(page, /Ohne Skript LRS/)).toHaveCount(0);
	});
});

/* A second and third production server: the sender (this app with a forwarding target) and the receiver. */

const root = path.resolve(import.meta.dirname, '../..');
const SENDER_PORT = Number(process.env.E2E_PORT ?? 4173) + 10;
const RECEIVER_PORT = SENDER_PORT + 1;

function serverEnv(port: number, dir: string): NodeJS.ProcessEnv {
	return {
		...process.env,
		PORT: String(port),
		ORIGIN: `http://127.0.0.1:${port}`,
		PGLITE_DIR: dir,
		DEMO_DATA: 'off',
		LOG_LEVEL: 'warn',
		BODY_SIZE_LIMIT: '64M',
		// Fast polls and retries, so the test does not wait for production delays.
		XAPI_FORWARD_INTERVAL_MS: '200',
		XAPI_FORWARD_RETRY_MS: '200'
	};
}

/** Runs a CLI script on a server's database (while that server is stopped) and returns what it printed. */
function cli(script: string, args: string[], env: NodeJS.ProcessEnv): string {
	const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts', script), ...args], { cwd: root, env, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}${r.stdout}`);
	return r.stdout;
}

function credentials(output: string) {
	const key = /Key:\s+(\S+)/.exec(output)![1]!;
	const secret = /Secret:\s+(\S+)/.exec(output)![1]!;
	return { key, secret, auth: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

async function start(port: number, dir: string): Promise<ChildProcess> {
	const child = spawn(process.execPath, [path.join(root, 'build/index.js')], { cwd: root, env: serverEnv(port, dir), stdio: 'ignore' });
	await expect
		.poll(async () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0), { timeout: 60_000, intervals: [250] })
		.toBe(200);
	return child;
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
		child.kill(signal);
	});
}

const statements = (registration: string, n: number) =>
	Array.from({ length: n }, (_, i) => ({
		id: crypto.randomUUID(),
		actor: { objectType: 'Agent', account: { homePage: 'https://partner.example', name: `learner-${i}` } },
		verb: { id: EXPERIENCED, display: { 'de-DE': 'hat erlebt' } },
		object: { id: `https://partner.example/xapi/activities/lesson/${i}` },
		context: { registration }
	}));

async function post(port: number, auth: string, body: unknown) {
	const res = await fetch(`http://127.0.0.1:${port}/xapi/statements`, {
		method: 'POST',
		headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
		body: JSON.stringify(body)
	});
	expect(res.status).toBe(200);
}

/** Ids of the statements the receiver holds for a registration (every page, following `more`). */
async function receivedIds(auth: string, registration: string): Promise<string[]> {
	const ids: string[] = [];
	let url: string | null = `/xapi/statements?registration=${registration}&limit=100`;
	while (url) {
		const res = await fetch(`http://127.0.0.1:${RECEIVER_PORT}${url}`, { headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3' } }).catch(() => null);
		if (!res?.ok) return ids;
		const body = (await res.json()) as { statements: { id: string }[]; more?: string };
		ids.push(...body.statements.map((s) => s.id));
		url = body.more || null;
	}
	return ids;
}

test('statements are forwarded to a second LRS, and none are lost when the sender is killed while the receiver is down', async ({ page }) => {
	test.setTimeout(360_000);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-forward-'));
	const senderDir = path.join(tmp, 'sender');
	const receiverDir = path.join(tmp, 'receiver');
	const receiver = credentials(cli('xapi-client.ts', ['--name', 'from-sender', '--scopes', 'all'], serverEnv(RECEIVER_PORT, receiverDir)));
	const sender = credentials(cli('xapi-client.ts', ['--name', 'partner', '--scopes', 'all'], serverEnv(SENDER_PORT, senderDir)));
	cli('admin-create.ts', ['--email', 'forward-admin@lernbruecke.example', '--name', 'Forward Admin'], { ...serverEnv(SENDER_PORT, senderDir), ADMIN_PASSWORD: 'forward-admin-passwort' });

	const children: ChildProcess[] = [];
	try {
		let receiverServer = await start(RECEIVER_PORT, receiverDir);
		let senderServer = await start(SENDER_PORT, senderDir);
		children.push(receiverServer, senderServer);
		const S = `http://127.0.0.1:${SENDER_PORT}`;

		await page.goto(`${S}/login`);
		await page.getByLabel('E-Mail-Adresse').fill('forward-admin@lernbruecke.example');
		await page.getByRole('textbox', { name: 'Passwort', exact: true }).fill('forward-admin-passwort');
		await page.getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL((u) => u.pathname !== '/login');
		await page.goto(`${S}/admin/lrs/forwarding`, { waitUntil: 'networkidle' });
		await fillTarget(page, { name: 'Zweites LRS', endpoint: `http://127.0.0.1:${RECEIVER_PORT}/xapi/`, username: receiver.key, password: receiver.secret });
		await page.getByRole('button', { name: 'Ziel anlegen' }).click();
		await expect(targetRow(page, /Zweites LRS/)).toContainText('0 wartend, 0 zugestellt, 0 fehlgeschlagen');

		const registration = crypto.randomUUID();
		const first = statements(registration, 30);
		await post(SENDER_PORT, sender.auth, first);
		await expect.poll(async () => (await receivedIds(receiver.auth, registration)).length, { timeout: 30_000 }).toBe(30);

		// The receiver goes away; the sender stores the next batch and keeps it queued, then dies without warning.
		await stop(receiverServer, 'SIGTERM');
		const second = statements(registration, 45);
		await post(SENDER_PORT, sender.auth, second);
		await stop(senderServer, 'SIGKILL');

		receiverServer = await start(RECEIVER_PORT, receiverDir);
		senderServer = await start(SENDER_PORT, senderDir);
		children.push(receiverServer, senderServer);
		// Rows the killed sender had claimed wait for their lease (LEASE_MS, 2 min) to end before they are sent
		// again, so the wait allows for a whole lease.
		await expect.poll(async () => (await receivedIds(receiver.auth, registration)).length, { timeout: 180_000 }).toBe(75);
		const ids = await receivedIds(receiver.auth, registration);
		expect(new Set(ids)).toEqual(new Set([...first, ...second].map((s) => s.id)));

		// The receiver's copy is the statement as sent, with its own authority (the sender's credentials there).
		const one = await fetch(`http://127.0.0.1:${RECEIVER_PORT}/xapi/statements?statementId=${second[0]!.id}`, {
			headers: { Authorization: receiver.auth, 'X-Experience-API-Version': '1.0.3' }
		}).then((r) => r.json());
		expect(one.verb).toEqual(second[0]!.verb);
		expect(JSON.stringify(one.authority)).toContain(receiver.key);

		// The admin's session survived the restart with the database.
		await page.goto(`${S}/admin/lrs/forwarding`);
		await expect(targetRow(page, /Zweites LRS/)).toContainText('0 wartend, 75 zugestellt, 0 fehlgeschlagen');
	} finally {
		for (const c of children) await stop(c, 'SIGTERM');
		fs.rmSync(tmp, { recursive: true, force: true });
	}
});
