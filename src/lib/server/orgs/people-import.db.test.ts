import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { useTestDatabase } from '../../../../tests/setup/db';
import { auditLog, invitations, mailOutbox, users } from '../db/schema';
import { createUser } from '../users';
import { createOrganisation } from '.';
import { createUnit } from './units';
import { previewPeopleImport, runPeopleImport } from './people-import';

const database = useTestDatabase();
let n = 0;

async function setup() {
	const db = database().db;
	const tag = `imp${++n}`;
	const org = await createOrganisation(db, { name: `Firma ${tag}`, type: 'unternehmen', regionAgs: '03453' }, null);
	const other = await createOrganisation(db, { name: `Andere ${tag}`, type: 'verwaltung', regionAgs: '03255' }, null);
	const manager = await createUser(db, { email: `chef-${tag}@test.example`, name: 'Chefin', organisationId: org.id, roles: [{ role: 'org_manager', organisationId: org.id }] }, null);
	const werkstatt = await createUnit(db, org.id, 'Werkstatt', manager.id);
	await createUnit(db, org.id, 'Büro', manager.id);
	return { db, tag, org, other, manager, werkstatt };
}

describe('CSV import of people', () => {
	it('names line and column of every problem and writes nothing', async () => {
		const { db, tag, org, other } = await setup();
		await createUser(db, { email: `fremd-${tag}@test.example`, name: 'Fremd', organisationId: other.id, roles: [] }, null);
		const csv = [
			'Name;E-Mail-Adresse;Abteilung;Kurse;Fällig am',
			`Anna Alt;anna-${tag}@test.example;Werkstatt;;`,
			`;leer-${tag}@test.example;;;`,
			'Bernd Bad;kein-at-zeichen;;;',
			`Anna Zwei;ANNA-${tag}@test.example;;;`,
			`Clara;clara-${tag}@test.example;Lager;;`,
			`Dora;fremd-${tag}@test.example;;;`,
			`Emil;emil-${tag}@test.example;;agg-grundlagen;31.02.2026`,
			`Fritz;fritz-${tag}@test.example;;;01.03.2026`
		].join('\r\n');
		const preview = await previewPeopleImport(db, org.id, csv);
		expect(preview.delimiter).toBe(';');
		expect(preview.problems).toEqual([
			{ line: 3, column: 'Name', code: 'name_missing' },
			{ line: 4, column: 'E-Mail-Adresse', code: 'email_invalid', value: 'kein-at-zeichen' },
			{ line: 5, column: 'E-Mail-Adresse', code: 'email_duplicate', value: `anna-${tag}@test.example`, firstLine: 2 },
			{ line: 6, column: 'Abteilung', code: 'unit_unknown', value: 'Lager' },
			{ line: 7, column: 'E-Mail-Adresse', code: 'email_other_organisation', value: `fremd-${tag}@test.example` },
			{ line: 8, column: 'Kurse', code: 'course_unknown', value: 'agg-grundlagen' },
			{ line: 8, column: 'Fällig am', code: 'due_date_invalid', value: '31.02.2026' },
			{ line: 9, column: 'Fällig am', code: 'due_date_without_courses' }
		]);
		// The course columns are parsed and kept.
		expect(preview.rows.find((r) => r.line === 8)?.courses).toEqual(['agg-grundlagen']);

		const result = await db.transaction((tx) => runPeopleImport(tx, org.id, csv, { actorId: org.id, locale: 'de', origin: 'http://lb.test' }));
		expect(result.ok).toBe(false);
		expect(await db.select().from(invitations).where(eq(invitations.organisationId, org.id))).toHaveLength(0);
	});

	it('reports missing columns for the file as a whole', async () => {
		const { db, org } = await setup();
		const preview = await previewPeopleImport(db, org.id, 'Vorname,Mail\nAnna,a@test.example\n');
		expect(preview.problems).toEqual([{ line: 1, column: 'Name', code: 'missing_column' }]);
		expect((await previewPeopleImport(db, org.id, 'Name,Abteilung\nAnna,Werkstatt\n')).problems).toEqual([
			{ line: 1, column: 'E-Mail', code: 'missing_column' }
		]);
		expect((await previewPeopleImport(db, org.id, '')).problems).toEqual([{ line: null, column: null, code: 'empty_file' }]);
	});

	it('imports all rows in one go: invitations with mails, existing accounts matched, members moved to their unit', async () => {
		const { db, tag, org, manager, werkstatt } = await setup();
		const member = await createUser(db, { email: `mitglied-${tag}@test.example`, name: 'Mitglied', organisationId: org.id, roles: [] }, null);
		const loner = await createUser(db, { email: `solo-${tag}@test.example`, name: 'Solo', roles: [] }, null);
		const csv = [
			'Vorname\tNachname\tEmail\tUnit',
			`Anna\tNeu\tneu-${tag}@test.example\twerkstatt`,
			`Sol\tSolo\tSOLO-${tag}@test.example\t`,
			`Mit\tGlied\tmitglied-${tag}@test.example\tWerkstatt`
		].join('\n');
		const result = await db.transaction((tx) => runPeopleImport(tx, org.id, csv, { actorId: manager.id, locale: 'de', origin: 'http://lb.test' }));
		expect(result).toEqual({ ok: true, summary: { rows: 3, invite: 1, invite_existing: 1, member: 0, member_unit: 1 } });

		const invited = await db.select().from(invitations).where(eq(invitations.organisationId, org.id));
		expect(invited.map((i) => [i.email, i.name, i.unitId]).sort()).toEqual([
			[`neu-${tag}@test.example`, 'Anna Neu', werkstatt.id],
			[`solo-${tag}@test.example`, 'Sol Solo', null]
		]);
		const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'invitation'));
		expect(mails.filter((m) => m.recipient.endsWith(`${tag}@test.example`))).toHaveLength(2);
		// The existing account is not duplicated and not moved before it accepts.
		expect((await db.select().from(users).where(eq(users.email, `solo-${tag}@test.example`))).map((u) => u.id)).toEqual([loner.id]);
		const [moved] = await db.select().from(users).where(eq(users.id, member.id));
		expect(moved?.unitId).toBe(werkstatt.id);
		const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'organisation.import'));
		expect(audit.some((a) => a.targetId === org.id && a.actorId === manager.id)).toBe(true);
	});
});
