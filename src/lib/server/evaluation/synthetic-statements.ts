import type { DbOrTx } from '../db';
import type { CourseContent, Lesson, ScoredItem, Survey } from '../courses/model';
import { responseString, type Response } from '../quiz/scoring';
import {
	attemptStarted,
	courseCompleted,
	courseProgressed,
	itemAnswered,
	judged,
	lessonCompleted,
	lessonExperienced,
	sessionEnded,
	sessionStarted,
	surveyAnswered,
	type RecordScope,
	type Statement
} from '../learning/records';
import { SESSION_GAP_MS } from '../learning/progress';
import { sql } from 'drizzle-orm';
import { xapiActivities } from '../db/schema';
import { ifiOf, type Json } from '../xapi/ifi';
import { linksOf, platformAuthority } from '../xapi/store';
import { validateStatement } from '../xapi/validate';

/**
 * The xAPI statements a synthetic enrolment would have produced, built with the same functions the
 * learner pages use (learning/records.ts) from the same events the generator writes into the progress,
 * attempt and survey tables — so statements and tables agree. Sessions split at pauses longer than the
 * app's session gap, as `openLesson` does.
 */
export class EnrolmentTrace {
	readonly statements: Statement[] = [];
	private last: number | null = null;

	constructor(private readonly scope: RecordScope) {}

	private at(t: number) {
		if (this.last === null || t - this.last > SESSION_GAP_MS) {
			if (this.last !== null) this.statements.push(sessionEnded(this.scope, new Date(this.last)));
			this.statements.push(sessionStarted(this.scope, new Date(t)));
		}
		this.last = Math.max(this.last ?? t, t);
		return new Date(t);
	}

	survey(survey: Survey, phase: 'pre' | 'post', answers: Record<string, number>, t: number) {
		const at = this.at(t);
		for (const [itemId, value] of Object.entries(answers)) this.statements.push(surveyAnswered(this.scope, survey, itemId, value, phase, at));
	}

	opened(lesson: Lesson, t: number) {
		this.statements.push(lessonExperienced(this.scope, lesson, this.at(t)));
	}

	attempt(lesson: Lesson, answers: { item: ScoredItem; response: Response; score: number; success: boolean }[], mastery: number, start: number, end: number) {
		this.statements.push(attemptStarted(this.scope, lesson, this.at(start)));
		const step = (end - start) / Math.max(1, answers.length);
		let score = 0;
		let max = 0;
		answers.forEach((a, i) => {
			score += a.score;
			max += a.item.points;
			const at = this.at(Math.round(start + step * (i + 1)));
			this.statements.push(itemAnswered(this.scope, lesson, { item: a.item, response: responseString(a.response), score: a.score, success: a.success, durationMs: Math.round(step) }, at));
		});
		if (lesson.assessment && max > 0) {
			const passed = score / max >= mastery - 1e-9;
			this.statements.push(judged(this.scope, lesson, { score, max, mastery, passed, durationMs: end - start }, this.at(end)));
		}
	}

	completed(lesson: Lesson, percent: number, t: number) {
		const at = this.at(t);
		this.statements.push(lessonCompleted(this.scope, lesson, at), courseProgressed(this.scope, percent, at));
	}

	courseCompleted(t: number) {
		this.statements.push(courseCompleted(this.scope, this.at(t)));
	}

	/** Closes the last session (the app writes `terminated` when the next visit comes; here the trace ends). */
	finish(): Statement[] {
		if (this.last !== null) this.statements.push(sessionEnded(this.scope, new Date(this.last)));
		this.last = null;
		return this.statements;
	}
}

export function traceScope(origin: string, actorId: string, enrolmentId: string, courseId: string, content: CourseContent): RecordScope {
	const variant = content.variants[content.language]!;
	return { origin, actorId, registration: enrolmentId, courseId, courseTitle: variant.title, revision: content.version, lang: content.language };
}

/** A learner comes back to re-read a lesson: a short session of its own, nothing else changes. */
export function revisit(scope: RecordScope, lesson: Lesson, t: number): Statement[] {
	return [sessionStarted(scope, new Date(t)), lessonExperienced(scope, lesson, new Date(t)), sessionEnded(scope, new Date(t + 5 * 60_000))];
}

/**
 * Bulk path for generated statements: the same stored form and derived columns as `recordStatements`
 * (raw with stored/authority/version, actor IFI, verb, object, registration, one link row per activity and
 * agent via the store's own `linksOf`), written as one INSERT … SELECT FROM jsonb_to_recordset per table and
 * chunk — a single parameter each, so it is as fast on postgres.js as on PGlite and never near the 65,535
 * parameter limit. The LRS's checks (validation, resends, voiding) are skipped: these statements come from
 * the builders the learner pages use, fresh ids, no voiding; the first of each run is validated to be sure.
 */
let validatedOnce = false;

export async function storeStatements(db: DbOrTx, origin: string, statements: Statement[], now: Date): Promise<void> {
	if (!statements.length) return;
	if (!validatedOnce) {
		validateStatement(statements[0] as unknown as Json, 'statement[0]', '1.0');
		validatedOnce = true;
	}
	const authority = platformAuthority(origin).agent;
	const storedIso = now.toISOString();
	const definitions = new Map<string, Json>();
	for (let i = 0; i < statements.length; i += 5000) {
		const rows: Json[] = [];
		const activities: Json[] = [];
		const agents: Json[] = [];
		for (const st of statements.slice(i, i + 5000)) {
			const raw: Json = { ...(st as unknown as Json), stored: storedIso, authority, version: '1.0.0' };
			const object = st.object;
			rows.push({ id: st.id, raw, actor_ifi: ifiOf(raw.actor as Json), verb_id: st.verb.id, object_id: object.id, registration: st.context.registration ?? null });
			const l = linksOf(raw);
			for (const key of l.activities) activities.push({ id: st.id, a: key.slice(2), p: key[0] === 'p' });
			for (const key of l.agents) agents.push({ id: st.id, a: key.slice(2), p: key[0] === 'p' });
			if (!definitions.has(object.id)) definitions.set(object.id, object.definition);
		}
		await db.execute(sql`with ins as (
				insert into xapi_statements (id, raw, stored, actor_ifi, verb_id, object_type, object_id, registration)
				select x.id, x.raw, ${storedIso}::timestamptz, x.actor_ifi, x.verb_id, 'Activity', x.object_id, x.registration
				from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, raw jsonb, actor_ifi text, verb_id text, object_id text, registration uuid)
				returning id, sequence, stored),
			act as (
				insert into xapi_statement_activities (statement_sequence, activity_id, "primary", stored)
				select ins.sequence, l.a, l.p, ins.stored from jsonb_to_recordset(${JSON.stringify(activities)}::jsonb) as l(id uuid, a text, p boolean) join ins on ins.id = l.id)
			insert into xapi_statement_agents (statement_sequence, ifi, "primary", stored)
			select ins.sequence, l.a, l.p, ins.stored from jsonb_to_recordset(${JSON.stringify(agents)}::jsonb) as l(id uuid, a text, p boolean) join ins on ins.id = l.id`);
	}
	// The activities resource's definitions: first seen wins here (generated definitions do not change).
	const defs = [...definitions].map(([id, definition]) => ({ id, definition, updatedAt: now }));
	for (let i = 0; i < defs.length; i += 1000) await db.insert(xapiActivities).values(defs.slice(i, i + 1000)).onConflictDoNothing();
}
