import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db';
import { getVersions } from '../../courses/cache';
import { findSurvey, type Lang } from '../../courses/model';
import { VERBS } from '../../learning/records';
import { ORG_TYPES } from '../../../vocab';
import { BUNDESLAENDER } from '../../../regions';
import { filterQuery, filterSql, FROM_ENROLMENTS } from '../filters';
import type { Scope } from '../overview';
import { PSEUDONYM_IN_STUDY, VARIABLES, type Text } from './variables';

/**
 * What a researcher needs to read an export without asking: every variable with its meaning and values,
 * the self-assessment scales, the xAPI verbs, the filter and scope, the export date, the course versions
 * in the selection, k and how the pseudonyms were made. Built once per export, as JSON and as Markdown.
 */
export interface Codebook {
	title: string;
	exportId: string;
	exportedAt: string;
	data: 'tables' | 'statements';
	format: string;
	filter: { query: string; parameters: Record<string, string> };
	scope: string;
	k: number;
	/** Whose pseudonyms: this export's own (the default) or a study's, stable across its exports. */
	pseudonyms?: { scope: 'export' } | { scope: 'study'; study: { id: string; name: string } };
	csv?: { delimiter: string; decimal: string; bom: boolean; encoding: 'UTF-8'; lineEnd: 'CRLF' };
	courseVersions: { course: string; version: number; versionId: string }[];
	scales: { course: string; version: number; survey: string; range: [number, number]; labels: Record<string, string>; items: { id: string; dimension: string | null; text: string }[] }[];
	verbs: { id: string; name: string }[];
	variables: { file: string; name: string; description: string; values?: string }[];
	notes: string[];
}

export interface CodebookInput {
	exportId: string;
	exportedAt: Date;
	data: Codebook['data'];
	format: string;
	csv?: Codebook['csv'];
	scope: Scope;
	scopeNames: string[] | null;
	lang: Lang;
	/** The study whose key made the pseudonyms (statement exports only). */
	study?: { id: string; name: string };
	notes: string[];
}

const pick = (t: Text, lang: Lang) => t[lang] ?? t.de;

export async function buildCodebook(db: DbOrTx, i: CodebookInput): Promise<Codebook> {
	const s = i.scope;
	const versions = await queryRows<{ slug: string; number: number; id: string }>(
		db,
		sql`select distinct c.slug, v.number, v.id from ${FROM_ENROLMENTS} join courses c on c.id = e.course_id
			join course_versions v on v.id = e.version_id where ${filterSql(s.filter, s.orgs)} order by c.slug, v.number`
	);
	const contents = await getVersions(db, versions.map((v) => v.id));
	const scales: Codebook['scales'] = [];
	for (const v of versions) {
		const c = contents.get(v.id)?.content;
		if (!c) continue;
		const variant = c.variants[i.lang] ?? c.variants[c.language]!;
		const survey = findSurvey(variant, c.prePost);
		if (!survey) continue;
		scales.push({
			course: v.slug,
			version: Number(v.number),
			survey: survey.id,
			range: survey.scale,
			labels: survey.labels,
			items: survey.items.map((it) => ({ id: it.id, dimension: it.dimension ?? null, text: it.text }))
		});
	}
	const query = filterQuery(s.filter);
	const values = (name: string) =>
		name === 'org_type' ? ORG_TYPES.join(', ') + ', none' : name === 'land' ? Object.keys(BUNDESLAENDER).map((l) => `${l} = ${BUNDESLAENDER[l as keyof typeof BUNDESLAENDER]}`).join(', ') : undefined;
	return {
		title: i.lang === 'en' ? 'Lernbrücke evaluation export – codebook' : 'Lernbrücke-Auswertungsexport – Codebuch',
		exportId: i.exportId,
		exportedAt: i.exportedAt.toISOString(),
		data: i.data,
		format: i.format,
		filter: { query, parameters: Object.fromEntries(new URLSearchParams(query)) },
		scope: i.scopeNames ? i.scopeNames.join(', ') : i.lang === 'en' ? 'all organisations' : 'alle Organisationen',
		k: s.k,
		...(i.data === 'statements' ? { pseudonyms: i.study ? { scope: 'study' as const, study: i.study } : { scope: 'export' as const } } : {}),
		...(i.csv ? { csv: i.csv } : {}),
		courseVersions: versions.map((v) => ({ course: v.slug, version: Number(v.number), versionId: v.id })),
		scales,
		verbs: Object.entries(VERBS).map(([name, v]) => ({ id: v.id, name })),
		variables: VARIABLES.filter((v) => v.data === i.data).map((v) => ({
			file: v.file,
			name: v.name,
			description: pick(i.study && PSEUDONYM_IN_STUDY[v.name] ? PSEUDONYM_IN_STUDY[v.name]! : v.description, i.lang),
			...(values(v.name) ? { values: values(v.name) } : v.values ? { values: pick(v.values, i.lang) } : {})
		})),
		notes: i.notes
	};
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function codebookMarkdown(c: Codebook, lang: Lang): string {
	const de = lang !== 'en';
	const lines = [
		`# ${c.title}`,
		'',
		`- ${de ? 'Export-Kennung' : 'Export id'}: ${c.exportId}`,
		`- ${de ? 'Erstellt' : 'Exported at'}: ${c.exportedAt}`,
		`- ${de ? 'Inhalt' : 'Content'}: ${c.data}, ${de ? 'Format' : 'format'} ${c.format}`,
		`- ${de ? 'Filter' : 'Filter'}: ${c.filter.query || (de ? '(keiner)' : '(none)')}`,
		`- ${de ? 'Sichtbereich' : 'Scope'}: ${c.scope}`,
		`- k = ${c.k}`
	];
	if (c.pseudonyms?.scope === 'study') {
		const st = c.pseudonyms.study;
		lines.push(
			`- ${de ? 'Studie' : 'Study'}: ${st.name} (${st.id})`,
			`- ${de ? 'Pseudonyme' : 'Pseudonyms'}: ${de ? 'stabil über alle Exporte dieser Studie mit demselben Studienschlüssel; ohne den Schlüssel keiner Identität zuzuordnen' : 'stable across all exports of this study made with the same study key; cannot be linked to identities without the key'}`
		);
	} else if (c.pseudonyms) {
		lines.push(`- ${de ? 'Pseudonyme' : 'Pseudonyms'}: ${de ? 'nur für diesen Export' : 'for this export only'}`);
	}
	if (c.csv) {
		lines.push(
			`- CSV: ${c.csv.encoding}${c.csv.bom ? (de ? ' mit BOM' : ' with BOM') : ''}, ${de ? 'Trennzeichen' : 'delimiter'} „${c.csv.delimiter}“, ${de ? 'Dezimalzeichen' : 'decimal mark'} „${c.csv.decimal}“, ${c.csv.lineEnd}`
		);
	}
	lines.push('', `## ${de ? 'Hinweise' : 'Notes'}`, '', ...c.notes.map((n) => `- ${n}`));
	lines.push('', `## ${de ? 'Kursversionen' : 'Course versions'}`, '');
	for (const v of c.courseVersions) lines.push(`- ${v.course}, ${de ? 'Version' : 'version'} ${v.version} (${v.versionId})`);
	if (!c.courseVersions.length) lines.push(de ? '- (keine)' : '- (none)');
	lines.push('', `## ${de ? 'Variablen' : 'Variables'}`, '', `| ${de ? 'Datei' : 'File'} | ${de ? 'Variable' : 'Variable'} | ${de ? 'Bedeutung' : 'Meaning'} | ${de ? 'Werte' : 'Values'} |`, '|---|---|---|---|');
	for (const v of c.variables) lines.push(`| ${v.file} | ${v.name} | ${cell(v.description)} | ${cell(v.values ?? '')} |`);
	lines.push('', `## ${de ? 'Skalen der Selbsteinschätzung' : 'Self-assessment scales'}`, '');
	for (const s of c.scales) {
		lines.push(`### ${s.course} v${s.version}: ${s.survey} (${s.range[0]}–${s.range[1]})`, '');
		const labels = Object.entries(s.labels).map(([k, l]) => `${k} = ${l}`).join(', ');
		if (labels) lines.push(`${de ? 'Antwortstufen' : 'Anchors'}: ${labels}`, '');
		for (const it of s.items) lines.push(`- ${it.id}${it.dimension ? ` [${it.dimension}]` : ''}: ${cell(it.text)}`);
		lines.push('');
	}
	if (!c.scales.length) lines.push(de ? '(keine)' : '(none)', '');
	lines.push(`## ${de ? 'xAPI-Verben' : 'xAPI verbs'}`, '');
	for (const v of c.verbs) lines.push(`- ${v.name}: ${v.id}`);
	return lines.join('\n') + '\n';
}
