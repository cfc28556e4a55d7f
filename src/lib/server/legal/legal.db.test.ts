import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { mailOutbox } from '../db/schema';
import { createUser, setUserActive } from '../users';
import { setSetting } from '../settings';
import { checkHealth, OUTBOX_LAG_DEGRADED } from '../health';
import { createTarget, setTargetDisabled } from '../xapi/forward';
import { platformAuthority, recordStatements } from '../xapi/store';
import { FEEDBACK_PER_ADDRESS, sendAccessibilityFeedback } from './feedback';
import { accessibilityStatement, legalPage } from './texts';

const database = useTestDatabase();
const unique = () => Math.random().toString(36).slice(2, 10);

describe('accessibility feedback', () => {
	it('mails every active admin in their language and nobody else', async () => {
		const db = database().db;
		const tag = unique();
		const de = await createUser(db, { email: `a-${tag}@x.example`, name: 'A', password: 'Passwort-1234', locale: 'de', roles: [{ role: 'admin', organisationId: null }] }, null);
		const en = await createUser(db, { email: `b-${tag}@x.example`, name: 'B', password: 'Passwort-1234', locale: 'en', roles: [{ role: 'admin', organisationId: null }] }, null);
		const gone = await createUser(db, { email: `c-${tag}@x.example`, name: 'C', password: 'Passwort-1234', locale: 'de', roles: [{ role: 'admin', organisationId: null }] }, null);
		await createUser(db, { email: `d-${tag}@x.example`, name: 'D', password: 'Passwort-1234', locale: 'de', roles: [{ role: 'learner', organisationId: null }] }, null);
		await setUserActive(db, gone.id, false, de.id);

		const result = await sendAccessibilityFeedback(
			db,
			{ name: 'Rita', email: 'rita@x.example', page: '/courses', message: `Der Kontrast ist zu schwach ${tag}` },
			'10.0.0.1'
		);
		expect(result.allowed).toBe(true);
		const mails = (await db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'accessibility_feedback'))).filter((m) =>
			m.textBody?.includes(tag)
		);
		expect(mails.map((m) => m.recipient).sort()).toEqual([`a-${tag}@x.example`, `b-${tag}@x.example`]);
		expect(mails.find((m) => m.recipient.startsWith('a-'))?.subject).toBe('Rückmeldung zur Barrierefreiheit');
		expect(mails.find((m) => m.recipient.startsWith('b-'))?.subject).toBe('Accessibility feedback');
		expect(mails[0]!.textBody).toContain('rita@x.example');
		expect(en.id).toBeTruthy();
	});

	it(`refuses the ${FEEDBACK_PER_ADDRESS + 1}th message from one address within the window`, async () => {
		const db = database().db;
		const ip = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
		const msg = { name: '', email: '', page: '', message: 'x' };
		for (let i = 0; i < FEEDBACK_PER_ADDRESS; i++) expect((await sendAccessibilityFeedback(db, msg, ip)).allowed).toBe(true);
		const refused = await sendAccessibilityFeedback(db, msg, ip);
		expect(refused).toMatchObject({ allowed: false });
		expect((await sendAccessibilityFeedback(db, msg, ip + '9')).allowed).toBe(true);
	});
});

describe('legal texts', () => {
	it('shows the built-in privacy notice until the admin writes one, then the admin text (German as fallback)', async () => {
		const db = database().db;
		const before = await legalPage(db, 'datenschutz', 'en');
		expect(before.isDefault).toBe(true);
		expect(before.html).toContain('<h2>Controller</h2>');
		await setSetting(db, 'legal_datenschutz', { de: '# Verantwortlich\n\nGemeinde X', en: '' }, null);
		const after = await legalPage(db, 'datenschutz', 'en');
		expect(after).toEqual({ html: '<h2>Verantwortlich</h2>\n<p>Gemeinde X</p>\n', isDefault: false });
	});

	it('has no default Impressum: only the operator can say who they are', async () => {
		expect(await legalPage(database().db, 'impressum', 'de')).toEqual({ html: '', isDefault: true });
	});

	it('builds the accessibility statement from the stored status and the default texts', async () => {
		const db = database().db;
		const s = await accessibilityStatement(db, 'de');
		expect(s.status).toBe('partial');
		expect(s.enforcementHtml).toContain('Schlichtungsstelle');
	});
});

describe('health', () => {
	it('reports a reachable database with all migrations applied', async () => {
		const health = await checkHealth(database().db);
		expect(health.status).toBe('ok');
		expect(health.migrations?.current).toBe(true);
		expect(health.migrations!.applied).toBeGreaterThan(0);
	});

	it('reports the schema as behind when the code ships a migration the database lacks', async () => {
		const fs = await import('node:fs/promises');
		const os = await import('node:os');
		const path = await import('node:path');
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lb-mig-'));
		const journal = JSON.parse(await fs.readFile('drizzle/meta/_journal.json', 'utf8'));
		journal.entries.push({ idx: journal.entries.length, version: '7', when: Date.now() + 1e9, tag: '9999_future', breakpoints: true });
		await fs.mkdir(path.join(dir, 'meta'));
		await fs.writeFile(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
		const health = await checkHealth(database().db, dir);
		expect(health.status).toBe('down');
		expect(health.migrations?.current).toBe(false);
	});

	it('reports statements waiting for an external LRS, and a stuck queue as degraded unless its target is paused', async () => {
		const db = database().db;
		const target = await createTarget(db, { name: 'Hochschul-LRS', endpoint: 'http://127.0.0.1:9/xapi/', username: 'u', password: 'p', version: '1.0.3', verbs: [], activities: [] }, null);
		const statement = { actor: { objectType: 'Agent', account: { homePage: 'https://lb.example', name: unique() } }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'http://example.org/health' } };
		await db.transaction((tx) => recordStatements(tx, [statement], platformAuthority('https://lb.example')));
		const later = new Date(Date.now() + (OUTBOX_LAG_DEGRADED + 60) * 1000);
		const stuck = await checkHealth(db, undefined, later);
		expect(stuck.forwarding?.due).toBeGreaterThanOrEqual(1);
		expect(stuck.forwarding!.oldestDueSeconds).toBeGreaterThan(OUTBOX_LAG_DEGRADED);
		expect(stuck.status).toBe('degraded');
		await setTargetDisabled(db, target.id, true, null);
		const paused = await checkHealth(db, undefined, later);
		expect(paused.forwarding).toEqual({ due: 0, oldestDueSeconds: 0 });
	});
});
