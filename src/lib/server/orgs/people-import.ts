import { z } from 'zod';
import type { DbOrTx } from '../db';
import type { Locale } from '../db/schema';
import { writeAudit } from '../audit';
import { detectDelimiter, parseCsv, type Delimiter } from '../csv/read';
import { classifyInvitees, createInvitations } from './invitations';
import { setMemberUnit } from './members';
import { listUnits } from './units';
import { courseReferenceMap, createAssignment } from '../assignments';

/**
 * Bulk enrolment from a spreadsheet: read, check every row against the organisation, show all problems with
 * line and column, and only then write — all rows or none, in one transaction.
 *
 * The `courses` column names courses by slug or title; each row's courses are assigned to that person (with
 * the row's due date) as `people` assignments — for invitees by their address until they accept.
 */
export const PEOPLE_COLUMNS = {
	name: ['name', 'vollstaendigername', 'vollername', 'fullname', 'mitarbeiter', 'mitarbeiterin', 'teilnehmer', 'teilnehmerin', 'teilnehmende', 'person'],
	firstName: ['vorname', 'firstname', 'givenname'],
	lastName: ['nachname', 'familienname', 'lastname', 'surname', 'familyname'],
	email: ['email', 'emailadresse', 'mail', 'mailadresse', 'emailaddress', 'epost'],
	unit: ['unit', 'einheit', 'abteilung', 'fachbereich', 'department', 'team', 'bereich', 'organisationseinheit', 'referat', 'amt'],
	courses: ['kurse', 'kurs', 'courses', 'course', 'schulung', 'schulungen'],
	dueDate: ['faelligam', 'faellig', 'faelligkeit', 'frist', 'bis', 'duedate', 'due', 'deadline']
} as const;
export type PeopleColumn = keyof typeof PEOPLE_COLUMNS;

export const MAX_IMPORT_ROWS = 20_000;

export type ProblemCode =
	| 'empty_file'
	| 'missing_column'
	| 'too_many_rows'
	| 'name_missing'
	| 'name_too_long'
	| 'email_missing'
	| 'email_invalid'
	| 'email_duplicate'
	| 'email_other_organisation'
	| 'unit_unknown'
	| 'course_unknown'
	| 'due_date_invalid'
	| 'due_date_without_courses';

/** `line` null: the file as a whole. `column`: the header as written in the file, or our name for a missing one. */
export interface ImportProblem {
	line: number | null;
	column: string | null;
	code: ProblemCode;
	value?: string;
	/** For duplicates: the line where the address first appeared. */
	firstLine?: number;
}

export type RowAction = 'invite' | 'invite_existing' | 'member' | 'member_unit';

export interface ImportRow {
	line: number;
	name: string;
	email: string;
	unitName: string | null;
	unitId: string | null;
	/** Course identifiers as written, split at commas/semicolons/line breaks. */
	courses: string[];
	/** The courses those identifiers name (unknown ones are problems). */
	courseIds: string[];
	/** The account, for rows of people who are members already. */
	userId?: string;
	/** ISO date (yyyy-mm-dd) or null. */
	dueDate: string | null;
	action: RowAction;
}

export interface ImportPreview {
	delimiter: Delimiter;
	columns: Partial<Record<PeopleColumn, string>>;
	rows: ImportRow[];
	problems: ImportProblem[];
	summary: Record<RowAction, number> & { rows: number };
}

const normaliseHeader = (h: string) =>
	h
		.trim()
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.replace(/[^a-z0-9]/g, '');

export function mapColumns(header: string[]): Partial<Record<PeopleColumn, number>> {
	const found: Partial<Record<PeopleColumn, number>> = {};
	header.forEach((h, index) => {
		const key = normaliseHeader(h);
		for (const [column, aliases] of Object.entries(PEOPLE_COLUMNS) as [PeopleColumn, readonly string[]][]) {
			if (found[column] === undefined && aliases.includes(key)) found[column] = index;
		}
	});
	return found;
}

const emailSchema = z.email();

/** dd.mm.yyyy (German), yyyy-mm-dd (ISO) or dd/mm/yyyy; real calendar dates only. */
export function parseDueDate(value: string): string | null {
	const m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(value) ?? null;
	const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	const [y, mo, d] = iso ? [+iso[1]!, +iso[2]!, +iso[3]!] : m ? [+m[3]!, +m[2]!, +m[1]!] : [0, 0, 0];
	if (!y) return null;
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
	return date.toISOString().slice(0, 10);
}

export async function previewPeopleImport(db: DbOrTx, organisationId: string, text: string): Promise<ImportPreview> {
	const delimiter = detectDelimiter(text);
	const records = parseCsv(text, delimiter);
	const problems: ImportProblem[] = [];
	const summary = { rows: 0, invite: 0, invite_existing: 0, member: 0, member_unit: 0 };
	const empty = (): ImportPreview => ({ delimiter, columns: {}, rows: [], problems, summary });
	const [head, ...body] = records;
	if (!head || !body.length) {
		problems.push({ line: null, column: null, code: 'empty_file' });
		return empty();
	}
	const index = mapColumns(head.fields);
	const columns = Object.fromEntries(Object.entries(index).map(([k, i]) => [k, head.fields[i]!.trim()])) as ImportPreview['columns'];
	const hasName = index.name !== undefined || (index.firstName !== undefined && index.lastName !== undefined);
	if (!hasName) problems.push({ line: 1, column: 'Name', code: 'missing_column' });
	if (index.email === undefined) problems.push({ line: 1, column: 'E-Mail', code: 'missing_column' });
	if (body.length > MAX_IMPORT_ROWS) problems.push({ line: null, column: null, code: 'too_many_rows', value: String(body.length) });
	if (problems.length) return { ...empty(), columns };

	const units = new Map((await listUnits(db, organisationId)).map((u) => [u.name.trim().toLowerCase(), u]));
	const cell = (fields: string[], column: PeopleColumn) => (index[column] === undefined ? '' : (fields[index[column]!] ?? '').trim());
	const header = (column: PeopleColumn) => columns[column] ?? column;
	const courseRefs = await courseReferenceMap(db);
	const firstSeen = new Map<string, number>();
	const rows: ImportRow[] = [];

	for (const { line, fields } of body) {
		const name = index.name !== undefined ? cell(fields, 'name') : `${cell(fields, 'firstName')} ${cell(fields, 'lastName')}`.trim();
		const nameColumn = index.name !== undefined ? header('name') : header('lastName');
		if (!name) problems.push({ line, column: nameColumn, code: 'name_missing' });
		else if (name.length > 120) problems.push({ line, column: nameColumn, code: 'name_too_long' });

		const email = cell(fields, 'email').toLowerCase();
		if (!email) problems.push({ line, column: header('email'), code: 'email_missing' });
		else if (email.length > 254 || !emailSchema.safeParse(email).success)
			problems.push({ line, column: header('email'), code: 'email_invalid', value: email });
		else if (firstSeen.has(email)) problems.push({ line, column: header('email'), code: 'email_duplicate', value: email, firstLine: firstSeen.get(email)! });
		else firstSeen.set(email, line);

		const unitName = cell(fields, 'unit');
		const unit = unitName ? units.get(unitName.toLowerCase()) : undefined;
		if (unitName && !unit) problems.push({ line, column: header('unit'), code: 'unit_unknown', value: unitName });

		const courses = cell(fields, 'courses')
			.split(/[,;\n]/)
			.map((c) => c.trim())
			.filter(Boolean);
		const courseIds: string[] = [];
		for (const ref of courses) {
			const id = courseRefs.get(ref.toLocaleLowerCase('de'));
			if (!id) problems.push({ line, column: header('courses'), code: 'course_unknown', value: ref });
			else if (!courseIds.includes(id)) courseIds.push(id);
		}
		const dueRaw = cell(fields, 'dueDate');
		const dueDate = dueRaw ? parseDueDate(dueRaw) : null;
		if (dueRaw && !dueDate) problems.push({ line, column: header('dueDate'), code: 'due_date_invalid', value: dueRaw });
		else if (dueDate && !courses.length) problems.push({ line, column: header('dueDate'), code: 'due_date_without_courses' });

		rows.push({ line, name, email, unitName: unit?.name ?? (unitName || null), unitId: unit?.id ?? null, courses, courseIds, dueDate, action: 'invite' });
	}

	const status = await classifyInvitees(db, organisationId, [...firstSeen.keys()]);
	for (const row of rows) {
		const s = status.get(row.email);
		if (!s || firstSeen.get(row.email) !== row.line) continue;
		if (s.kind === 'other_organisation') problems.push({ line: row.line, column: header('email'), code: 'email_other_organisation', value: row.email });
		else if (s.kind === 'member') {
			row.action = row.unitId && row.unitId !== s.unitId ? 'member_unit' : 'member';
			row.userId = s.userId;
		}
		else row.action = s.existingAccount ? 'invite_existing' : 'invite';
	}
	problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
	summary.rows = rows.length;
	for (const row of rows) summary[row.action]++;
	return { delimiter, columns, rows, problems, summary };
}

export type ImportResult = { ok: true; summary: ImportPreview['summary'] } | { ok: false; preview: ImportPreview };

/**
 * Checks the file again inside the transaction (the organisation may have changed since the preview) and
 * writes everything or nothing: invitations with their mails, unit changes of existing members, one audit entry.
 */
export async function runPeopleImport(
	db: DbOrTx,
	organisationId: string,
	text: string,
	input: { actorId: string; locale: Locale; origin: string }
): Promise<ImportResult> {
	const preview = await previewPeopleImport(db, organisationId, text);
	if (preview.problems.length) return { ok: false, preview };
	const invitees = preview.rows
		.filter((r) => r.action === 'invite' || r.action === 'invite_existing')
		.map((r) => ({ email: r.email, name: r.name, unitId: r.unitId }));
	await createInvitations(db, { organisationId, invitees, inviterId: input.actorId, locale: input.locale, origin: input.origin });
	for (const row of preview.rows.filter((r) => r.action === 'member_unit')) {
		const [member] = [...(await classifyInvitees(db, organisationId, [row.email])).values()];
		if (member?.kind === 'member') await setMemberUnit(db, organisationId, member.userId, row.unitId, input.actorId);
	}
	// One `people` assignment per course and due date, covering every row that names it.
	const groups = new Map<string, { courseId: string; dueDate: string | null; userIds: string[]; pendingEmails: string[] }>();
	for (const row of preview.rows) {
		for (const courseId of row.courseIds) {
			const key = `${courseId}|${row.dueDate ?? ''}`;
			const group = groups.get(key) ?? { courseId, dueDate: row.dueDate, userIds: [], pendingEmails: [] };
			if (row.userId) group.userIds.push(row.userId);
			else group.pendingEmails.push(row.email);
			groups.set(key, group);
		}
	}
	for (const g of groups.values()) {
		const created = await createAssignment(db, organisationId, { scope: 'people', ...g }, input.actorId);
		if (!created.ok) throw new Error(`import assignment failed: ${created.error}`);
	}
	await writeAudit(db, {
		actorId: input.actorId,
		action: 'organisation.import',
		targetType: 'organisation',
		targetId: organisationId,
		details: { ...preview.summary, assignments: groups.size }
	});
	return { ok: true, summary: preview.summary };
}
