import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db';
import type { Survey } from '../courses/model';
import { pairedComparison, type PairedResult } from '../stats/effect';
import { cronbachAlpha } from '../stats/items';
import { filterSql, FROM_ENROLMENTS } from './filters';
import type { Scope } from './overview';

export interface ScaleResult {
	/** `knowledge`, `attitude`, `skills`, or `all` when the survey's items have no dimension. */
	scale: string;
	items: number;
	/** Learners with both phases answered (at least one item of the scale each); null below k. */
	n: number | null;
	/** null when n < k: every figure of the scale is withheld together. */
	result: PairedResult | null;
	alphaPre: number | null;
	alphaPost: number | null;
}

export interface PrePost {
	surveyId: string;
	/** Learners who answered before / after (each shown only from k on). */
	answeredPre: number | null;
	answeredPost: number | null;
	scales: ScaleResult[];
}

type Answers = Record<string, number>;
const parse = (a: unknown): Answers => (typeof a === 'string' ? JSON.parse(a) : (a as Answers));

/**
 * Pre/post self-assessment per scale: a learner's scale score is the mean of the items they answered; the
 * comparison uses learners with both phases (paired). α per phase uses complete answers only.
 */
export async function prePost(db: DbOrTx, s: Scope, survey: Survey): Promise<PrePost> {
	const rows = await queryRows<{ enrolment_id: string; phase: 'pre' | 'post'; answers: unknown }>(
		db,
		sql`select sr.enrolment_id, sr.phase, sr.answers from survey_responses sr
			join ${FROM_ENROLMENTS} on e.id = sr.enrolment_id
			where sr.survey_id = ${survey.id} and ${filterSql(s.filter, s.orgs)}`
	);
	const byEnrolment = new Map<string, { pre?: Answers; post?: Answers }>();
	for (const r of rows) {
		const entry = byEnrolment.get(r.enrolment_id) ?? {};
		entry[r.phase] = parse(r.answers);
		byEnrolment.set(r.enrolment_id, entry);
	}
	const scales = new Map<string, string[]>();
	for (const item of survey.items) {
		const key = item.dimension ?? 'all';
		scales.set(key, [...(scales.get(key) ?? []), item.id]);
	}
	const entries = [...byEnrolment.values()];
	const shown = (n: number) => (n >= s.k ? n : null);
	return {
		surveyId: survey.id,
		answeredPre: shown(entries.filter((e) => e.pre).length),
		answeredPost: shown(entries.filter((e) => e.post).length),
		scales: [...scales].map(([scale, itemIds]) => scaleResult(scale, itemIds, entries, s.k))
	};
}

function scaleScore(a: Answers | undefined, itemIds: string[]): number | null {
	if (!a) return null;
	const vs = itemIds.map((id) => a[id]).filter((v): v is number => typeof v === 'number');
	return vs.length ? vs.reduce((x, y) => x + y, 0) / vs.length : null;
}

function scaleResult(scale: string, itemIds: string[], entries: { pre?: Answers; post?: Answers }[], k: number): ScaleResult {
	const pre: number[] = [];
	const post: number[] = [];
	for (const e of entries) {
		const a = scaleScore(e.pre, itemIds);
		const b = scaleScore(e.post, itemIds);
		if (a !== null && b !== null) {
			pre.push(a);
			post.push(b);
		}
	}
	const n = pre.length;
	const matrix = (phase: 'pre' | 'post') =>
		entries.filter((e) => e[phase]).map((e) => itemIds.map((id) => (typeof e[phase]![id] === 'number' ? e[phase]![id]! : null)));
	const alpha = (phase: 'pre' | 'post') => {
		const a = cronbachAlpha(matrix(phase));
		return a.n >= k ? a.alpha : null;
	};
	return {
		scale,
		items: itemIds.length,
		n: n >= k ? n : null,
		result: n >= k ? pairedComparison(pre, post) : null,
		alphaPre: itemIds.length > 1 ? alpha('pre') : null,
		alphaPost: itemIds.length > 1 ? alpha('post') : null
	};
}
