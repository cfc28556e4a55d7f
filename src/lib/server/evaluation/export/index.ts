import { z } from 'zod';
import type { DbOrTx } from '../../db';
import type { Lang } from '../../courses/model';
import { writeAudit } from '../../audit';
import { workbook, type Sheet } from '../../export/xlsx';
import { zip } from '../../export/zip';
import { pullStream, zipStream, type StreamEntry } from '../../export/zip-stream';
import { dashboard, resolveScope } from '../dashboard';
import { filterQuery } from '../filters';
import { buildCodebook, codebookMarkdown, type Codebook } from './codebook';
import { CSV_FORMATS, csvDocument, csvLine, type CsvDialect, type CsvFormat } from './csv';
import { createPseudonymiser } from './pseudonym';
import { getOrganisations } from '../../orgs';
import { unlockStudy, type StudyRefusal } from '../studies';
import { addRows, tracked, type ExportProgress } from './progress';
import { countStatements, population, statementCsv, statementLines } from './statements';
import { dashboardTables } from './tables';
import { STATEMENT_COLUMNS } from './variables';

/**
 * Evaluation exports (docs/decisions/009-evaluation-exports.md): the dashboard's tables (CSV in a ZIP,
 * XLSX, JSON) and the pseudonymised statements (CSV or xAPI NDJSON in a ZIP), each with its codebook, for
 * exactly the evaluator's filter and scope. The statement files are streamed page by page as the client
 * reads; nothing is written on the server but one audit entry per request.
 */
export const exportRequest = z
	.object({
		data: z.enum(['tables', 'statements']),
		format: z.enum(['csv', 'xlsx', 'json', 'ndjson']),
		csv: z.enum(['excel', 'plain']).default('excel')
	})
	.refine((r) => (r.data === 'tables' ? r.format !== 'ndjson' : r.format === 'csv' || r.format === 'ndjson'), { path: ['format'] });

export type ExportRequest = z.infer<typeof exportRequest>;

export interface ExportContext {
	actorId: string;
	/** Organisations the evaluator may see; null = all. */
	orgs: string[] | null;
	scopeNames: string[] | null;
	lang: Lang;
	/** The installation's origin: the home page of the pseudonymous xAPI accounts. */
	origin: string;
	now?: Date;
	salt?: Uint8Array;
	/**
	 * Statement exports for a study: pseudonyms under the study's salt, derived from its key (which is used
	 * here and nowhere stored or logged); the study's organisation narrows the scope.
	 */
	study?: { id: string; key: string };
	/** Statement exports report rows written and the expected total here (the page's progress element). */
	progress?: ExportProgress;
}

export type ExportResult =
	/** Below k (the selection), or the study cannot be used: unknown to this evaluator, closed, or the key does not fit. */
	| { refused: { learners: number; k: number } | { study: StudyRefusal } }
	| { exportId: string; filename: string; contentType: string; body: ReadableStream<Uint8Array> };

const CONTENT_TYPES = { zip: 'application/zip', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', json: 'application/json; charset=utf-8' };

export async function startExport(db: DbOrTx, params: URLSearchParams, req: ExportRequest, ctx: ExportContext): Promise<ExportResult> {
	const exportId = crypto.randomUUID();
	const study = ctx.study && req.data === 'statements' ? await unlockStudy(db, ctx.study.id, ctx.study.key, ctx.orgs) : undefined;
	if (study && 'refused' in study) {
		// A closed study or a wrong key is logged like a refusal below k (the key itself never is); an unknown
		// or foreign study is answered "not found" by the caller, as any other id.
		if (study.study) {
			await writeAudit(db, { actorId: ctx.actorId, action: 'evaluation.export_refused', targetType: 'evaluation', targetId: exportId, details: { data: req.data, format: req.format, study: study.study.id, reason: study.refused } });
		}
		return { refused: { study: study.refused } };
	}
	const studyOrg = study?.study.organisationId;
	const orgs = studyOrg ? [studyOrg] : ctx.orgs;
	const scopeNames = studyOrg ? (await getOrganisations(db, [studyOrg])).map((o) => o.name) : ctx.scopeNames;
	const { scope } = await resolveScope(db, params, orgs, ctx.lang);
	const now = ctx.now ?? new Date();
	const pop = await population(db, scope);
	const details = { data: req.data, format: req.format, csv: req.format === 'csv' ? req.csv : undefined, filter: filterQuery(scope.filter), scope: orgs ?? 'all', learners: pop.learners, k: scope.k, study: study?.study.id };
	// A selection of 1 … k−1 learners: every figure would be one small cell, and row-level data would be theirs.
	if (pop.learners > 0 && pop.learners < scope.k) {
		await writeAudit(db, { actorId: ctx.actorId, action: 'evaluation.export_refused', targetType: 'evaluation', targetId: exportId, details });
		return { refused: { learners: pop.learners, k: scope.k } };
	}
	await writeAudit(db, { actorId: ctx.actorId, action: 'evaluation.export', targetType: 'evaluation', targetId: exportId, details });

	const csv = req.format === 'csv' ? CSV_FORMATS[req.csv as CsvDialect] : undefined;
	const studyInfo = study ? { id: study.study.id, name: study.study.name } : undefined;
	const notes = exportNotes(req, ctx.lang, pop.blanked, studyInfo);
	const codebook = await buildCodebook(db, {
		exportId,
		exportedAt: now,
		data: req.data,
		format: req.format,
		csv: csv ? { delimiter: csv.delimiter, decimal: csv.decimal, bom: csv.bom, encoding: 'UTF-8', lineEnd: 'CRLF' } : undefined,
		scope,
		scopeNames,
		lang: ctx.lang,
		study: studyInfo,
		notes
	});
	const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
	const stem = `${ctx.lang === 'en' ? 'evaluation' : 'auswertung'}-${req.data === 'tables' ? (ctx.lang === 'en' ? 'tables' : 'tabellen') : 'statements'}-${stamp}`;
	const codebookEntries = (): StreamEntry[] => [
		{ name: ctx.lang === 'en' ? 'codebook.md' : 'codebuch.md', chunks: [codebookMarkdown(codebook, ctx.lang)] },
		{ name: ctx.lang === 'en' ? 'codebook.json' : 'codebuch.json', chunks: [JSON.stringify(codebook, null, 2)] }
	];
	const once = (bytes: Uint8Array | string) =>
		new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
				c.close();
			}
		});

	if (req.data === 'tables') {
		const d = await dashboard(db, params, orgs, ctx.lang);
		const tables = dashboardTables(d);
		if (req.format === 'json') {
			const body = { codebook, tables: Object.fromEntries(tables.map((t) => [t.name, t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i] ?? null])))])) };
			return { exportId, filename: `${stem}.json`, contentType: CONTENT_TYPES.json, body: once(JSON.stringify(body, null, 1)) };
		}
		if (req.format === 'xlsx') {
			return { exportId, filename: `${stem}.xlsx`, contentType: CONTENT_TYPES.xlsx, body: once(workbook([...tables, ...codebookSheets(codebook)])) };
		}
		const bytes = zip(
			[...tables.map((t) => ({ name: `${t.name}.csv`, data: csvDocument(t.header, t.rows, csv!) })), ...codebookEntries().map((e) => ({ name: e.name, data: (e.chunks as string[])[0]! }))],
			now
		);
		return { exportId, filename: `${stem}.zip`, contentType: CONTENT_TYPES.zip, body: once(bytes) };
	}

	const p = createPseudonymiser(study?.salt ?? ctx.salt);
	const progress = ctx.progress;
	// The total for the progress element, counted beside the stream rather than before its first byte.
	if (progress) countStatements(db, scope, pop).then((n) => (progress.total = n), () => undefined);
	const data: StreamEntry =
		req.format === 'ndjson'
			? { name: 'statements.ndjson', chunks: statementLines(db, scope, pop, p, `${ctx.origin}/xapi/pseudonym`, (n) => addRows(progress, n)) }
			: { name: 'statements.csv', chunks: csvChunks(statementCsv(db, scope, pop, p, csv!, (n) => addRows(progress, n)), csv!) };
	return { exportId, filename: `${stem}.zip`, contentType: CONTENT_TYPES.zip, body: pullStream(tracked(zipStream([data, ...codebookEntries()], now), progress)) };
}

async function* csvChunks(lines: AsyncGenerator<Uint8Array>, f: CsvFormat): AsyncGenerator<Uint8Array | string> {
	yield (f.bom ? '\uFEFF' : '') + csvLine(STATEMENT_COLUMNS, f);
	yield* lines;
}

function codebookSheets(c: Codebook): Sheet[] {
	return [
		{ name: 'codebook', header: ['file', 'variable', 'description', 'values'], rows: c.variables.map((v) => [v.file, v.name, v.description, v.values ?? null]) },
		{
			name: 'codebook_info',
			header: ['key', 'value'],
			rows: [
				['export_id', c.exportId],
				['exported_at', c.exportedAt],
				['filter', c.filter.query],
				['scope', c.scope],
				['k', c.k],
				...c.courseVersions.map((v) => ['course_version', `${v.course} v${v.version} (${v.versionId})`]),
				...c.scales.flatMap((s) => s.items.map((it) => [`scale ${s.course} v${s.version} ${s.survey} ${s.range[0]}-${s.range[1]}`, `${it.id}${it.dimension ? ` [${it.dimension}]` : ''}: ${it.text}`])),
				...c.verbs.map((v) => ['verb', `${v.name} = ${v.id}`]),
				...c.notes.map((n) => ['note', n])
			]
		}
	];
}

function exportNotes(req: ExportRequest, lang: Lang, blanked: number, study?: { id: string; name: string }): string[] {
	const de = lang !== 'en';
	const notes: string[] = [];
	if (req.data === 'tables') {
		notes.push(
			de
				? 'Dieselben Zahlen wie in der Auswertung: Zellen unter k und Zellen, aus denen sie sich errechnen ließen, sind leer.'
				: 'The same figures as the dashboard: cells below k, and cells they could be computed from, are empty.'
		);
	} else {
		notes.push(
			study
				? de
					? `Pseudonyme (person, Registrierung, Aussage-ID) sind HMAC-SHA-256-Werte mit einem Schlüssel, der aus dem Studienschlüssel der Studie „${study.name}“ (${study.id}) abgeleitet ist: gleich in allen Exporten dieser Studie, die mit demselben Studienschlüssel erstellt wurden, und so über Exporte hinweg verknüpfbar; mit Exporten anderer Studien nicht. Die Plattform speichert den Studienschlüssel nicht; ohne ihn lassen sich die Pseudonyme keiner Identität zuordnen.`
					: `Pseudonyms (person, registration, statement id) are HMAC-SHA-256 values under a key derived from the study key of the study "${study.name}" (${study.id}): the same in every export of this study made with the same study key, so linkable across those exports; not with exports of other studies. The platform does not store the study key; without it the pseudonyms cannot be linked to any identity.`
				: de
					? 'Pseudonyme (person, Registrierung, Aussage-ID) sind HMAC-SHA-256-Werte mit einem Schlüssel, der nur für diesen Export erzeugt und nicht gespeichert wurde: innerhalb dieses Exports verknüpfbar (vorher/nachher), mit keinem anderen Export und mit keiner Identität.'
					: 'Pseudonyms (person, registration, statement id) are HMAC-SHA-256 values under a key drawn for this export and not stored: linkable within this export (pre/post), not with any other export or any identity.',
			de
				? 'Enthalten sind nur die Lernaufzeichnungen, die die Plattform selbst geschrieben hat; zurückgezogene (voided) Aussagen fehlen.'
				: "Only the learning records the platform wrote itself; voided statements are left out.",
			de
				? `Art der Organisation und Bundesland sind leer bei ${blanked} Lernenden, deren Kombination weniger als k Personen umfasst (zusammen mindestens k).`
				: `Organisation type and state are empty for ${blanked} learners whose combination has fewer than k people (at least k together).`
		);
	}
	return notes;
}
