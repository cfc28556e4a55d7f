import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db';
import { filterSql, FROM_ENROLMENTS, fromEnrolments } from './filters';
import type { Scope } from './overview';

/**
 * The answers of each learner's first submitted attempt at a lesson (later attempts are shaped by
 * feedback, so item analysis uses the first), kept in `eval_first_attempts` — one row per learner and
 * lesson with the answers as a prepared JSON object — so the item analysis of a whole course concatenates
 * a few thousand texts instead of choosing first attempts and taking every JSON response apart at query
 * time (decision 009). The table is written incrementally: in the transaction that closes an
 * attempt, by the synthetic generator for its bulk rows, and once by migration 0014 for existing data.
 */
export interface FirstAnswer {
	enrolment_id: string;
	lesson_id: string;
	item_id: string;
	share: number;
	choice: string | null;
	choices: (string | null)[] | null;
	value: boolean | null;
}

/** Per answer (`aa` of attempt `t`): [share, choice, choices, value] — the same expressions as the migration's backfill. */
const CELL = sql`json_build_array(
	case when aa.max_score > 0 then aa.score / aa.max_score else 0 end,
	case when jsonb_typeof(aa.response -> 'choice') = 'string' then aa.response ->> 'choice' end,
	case when jsonb_typeof(aa.response -> 'choices') = 'array' then array(select jsonb_array_elements_text(aa.response -> 'choices')) end,
	case when jsonb_typeof(aa.response -> 'value') = 'boolean' then (aa.response -> 'value')::boolean end)`;
const ANSWERS = sql`json_object_agg(aa.item_id, ${CELL} order by aa.item_id)`;

/** No earlier attempt at the same lesson was submitted: `t` is the first (attempts are sequential). */
const IS_FIRST = sql`t.submitted_at is not null and not exists (
	select 1 from attempts p where p.enrolment_id = t.enrolment_id and p.lesson_id = t.lesson_id
		and p.submitted_at is not null and p.number < t.number)`;

/**
 * Copies the answers of the given, just submitted attempts if they are their learner's first at that
 * lesson. Call it in the transaction that submits them; an attempt that is not first adds nothing, and
 * repeating the call is harmless.
 */
export async function recordFirstAnswers(tx: DbOrTx, attemptIds: readonly string[]): Promise<void> {
	if (!attemptIds.length) return;
	// One JSON parameter instead of one parameter per id: a generator batch closes thousands of attempts.
	await tx.execute(sql`insert into eval_first_attempts (enrolment_id, lesson_id, answers)
		select t.enrolment_id, t.lesson_id, ${ANSWERS} from attempts t join attempt_answers aa on aa.attempt_id = t.id
		where t.id in (select jsonb_array_elements_text(${JSON.stringify(attemptIds)}::jsonb)::uuid) and ${IS_FIRST}
		group by t.enrolment_id, t.lesson_id
		on conflict do nothing`);
}

const order = (rows: FirstAnswer[]) => rows.sort((a, b) => cmp(a.enrolment_id, b.enrolment_id) || cmp(a.lesson_id, b.lesson_id) || cmp(a.item_id, b.item_id));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const FROM_TABLE = (s: Scope) => sql`eval_first_attempts f join ${fromEnrolments(s.filter, s.orgs)} on e.id = f.enrolment_id`;

/** The first answers of the enrolments in the evaluator's filter and scope, unpacked from the precomputed table. */
export async function firstAnswers(db: DbOrTx, s: Scope): Promise<FirstAnswer[]> {
	return order(
		await queryRows<FirstAnswer>(
			db,
			sql`select f.enrolment_id, f.lesson_id, x.key as item_id, (x.value ->> 0)::real as share, x.value ->> 1 as choice,
					case when json_typeof(x.value -> 2) = 'array' then array(select json_array_elements_text(x.value -> 2)) end as choices,
					(x.value ->> 3)::boolean as value
				from ${FROM_TABLE(s)} cross join lateral json_each(f.answers) x where ${filterSql(s.filter, s.orgs)}`
		)
	).map((r) => ({ ...r, share: Number(r.share) }));
}

/** One answer: [share, choice, choices, value]. */
export type Answer = [number, string | null, (string | null)[] | null, boolean | null];

/**
 * A lesson's first answers ready for the item analysis: one object per learner ({ itemId: answer }) in
 * enrolment-id order — a stable, pseudonymous order, which breaks ties at the 27 % group boundaries.
 * Learners count even if they only answered items of another version.
 */
export type LessonAnswers = Record<string, Answer>[];

/**
 * The same per lesson from the precomputed table: one text per lesson, the learners' prepared answer
 * objects in enrolment-id order, parsed natively (a row per answer — tens of thousands for a course —
 * was what made the view slow).
 */
export async function firstAnswersByLesson(db: DbOrTx, s: Scope, lessonIds: string[]): Promise<Map<string, LessonAnswers>> {
	if (!lessonIds.length) return new Map();
	const rows = await queryRows<{ lesson_id: string; answers: string }>(
		db,
		sql`select f.lesson_id, '[' || string_agg(f.answers::text, ',' order by f.enrolment_id) || ']' as answers
			from ${FROM_TABLE(s)} where ${filterSql(s.filter, s.orgs)} and f.lesson_id in (${sql.join(lessonIds.map((id) => sql`${id}`), sql`, `)})
			group by f.lesson_id`
	);
	return new Map(rows.map((r) => [r.lesson_id, JSON.parse(r.answers) as LessonAnswers]));
}

/** The same grouping done in JavaScript on plain rows (the reference for tests). */
export function groupByLesson(rows: FirstAnswer[]): Map<string, LessonAnswers> {
	const out = new Map<string, Map<string, Record<string, Answer>>>();
	for (const r of order([...rows])) {
		const lesson = out.get(r.lesson_id) ?? new Map<string, Record<string, Answer>>();
		out.set(r.lesson_id, lesson);
		const learner = lesson.get(r.enrolment_id) ?? {};
		lesson.set(r.enrolment_id, learner);
		learner[r.item_id] = [Number(r.share), r.choice, r.choices, r.value];
	}
	return new Map([...out].map(([id, learners]) => [id, [...learners.values()]]));
}

/**
 * The same rows computed from the attempts themselves: the definition the table must match (tests
 * compare the two), and what `rebuildFirstAnswers` writes.
 */
export async function firstAnswersFromAttempts(db: DbOrTx, s: Scope): Promise<FirstAnswer[]> {
	return order(await queryRows<FirstAnswer>(db, fromAttempts(filterSql(s.filter, s.orgs)))).map((r) => ({ ...r, share: Number(r.share) }));
}

function fromAttempts(where: SQL): SQL {
	return sql`with first as (
			select distinct on (t.enrolment_id, t.lesson_id) t.id
			from attempts t join ${FROM_ENROLMENTS} on e.id = t.enrolment_id
			where t.submitted_at is not null and ${where}
			order by t.enrolment_id, t.lesson_id, t.number)
		select t.enrolment_id, t.lesson_id, aa.item_id,
			case when aa.max_score > 0 then aa.score / aa.max_score else 0 end as share,
			case when jsonb_typeof(aa.response -> 'choice') = 'string' then aa.response ->> 'choice' end as choice,
			case when jsonb_typeof(aa.response -> 'choices') = 'array' then array(select jsonb_array_elements_text(aa.response -> 'choices')) end as choices,
			case when jsonb_typeof(aa.response -> 'value') = 'boolean' then (aa.response -> 'value')::boolean end as value
		from first f join attempts t on t.id = f.id join attempt_answers aa on aa.attempt_id = t.id`;
}

/** Recomputes the whole table from the attempts (for repairs; the migration does the same once). */
export async function rebuildFirstAnswers(db: DbOrTx): Promise<void> {
	await db.execute(sql`delete from eval_first_attempts`);
	await db.execute(sql`insert into eval_first_attempts (enrolment_id, lesson_id, answers)
		select t.enrolment_id, t.lesson_id, ${ANSWERS}
		from attempts t join attempt_answers aa on aa.attempt_id = t.id where ${IS_FIRST}
		group by t.enrolment_id, t.lesson_id`);
}
