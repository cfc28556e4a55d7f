import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { surveyResponses } from '../db/schema';
import { findSurvey, type Survey } from '../courses/model';
import { record, recordScope, type LearnerContext } from '../learning/progress';
import { surveyAnswered, type Statement } from '../learning/records';

export type Phase = 'pre' | 'post';

export function courseSurvey(ctx: Pick<LearnerContext, 'version' | 'lang'>): Survey | undefined {
	const c = ctx.version.content;
	return findSurvey(c.variants[ctx.lang]!, c.prePost);
}

export async function surveyAnswers(db: DbOrTx, enrolmentId: string, surveyId: string) {
	const rows = await db
		.select()
		.from(surveyResponses)
		.where(and(eq(surveyResponses.enrolmentId, enrolmentId), eq(surveyResponses.surveyId, surveyId)));
	return { pre: rows.find((r) => r.phase === 'pre')?.answers, post: rows.find((r) => r.phase === 'post')?.answers };
}

/** The course has a pre/post self-assessment and this phase has not been answered yet. */
export async function needsSurvey(db: DbOrTx, ctx: LearnerContext, phase: Phase): Promise<boolean> {
	const survey = courseSurvey(ctx);
	if (!survey) return false;
	return !(await surveyAnswers(db, ctx.enrolment.id, survey.id))[phase];
}

/**
 * Reads the answers (every item on the scale; a missing answer is allowed and left out). Answering a phase
 * twice keeps the first answers: the before/after comparison must not be rewritten afterwards.
 */
export function readSurvey(survey: Survey, values: Record<string, string | string[]>): Record<string, number> | 'invalid' {
	const answers: Record<string, number> = {};
	for (const item of survey.items) {
		const raw = values[item.id];
		if (raw === undefined || raw === '') continue;
		const n = Number(raw);
		if (typeof raw !== 'string' || !Number.isInteger(n) || n < survey.scale[0] || n > survey.scale[1]) return 'invalid';
		answers[item.id] = n;
	}
	return answers;
}

export async function saveSurvey(tx: DbOrTx, ctx: LearnerContext, phase: Phase, answers: Record<string, number>): Promise<{ saved: boolean; statements: Statement[] }> {
	const survey = courseSurvey(ctx)!;
	const now = ctx.now ?? new Date();
	const inserted = await tx
		.insert(surveyResponses)
		.values({ enrolmentId: ctx.enrolment.id, surveyId: survey.id, phase, answers, submittedAt: now })
		.onConflictDoNothing()
		.returning({ phase: surveyResponses.phase });
	if (!inserted.length) return { saved: false, statements: [] };
	const scope = recordScope(ctx);
	return { saved: true, statements: await record(tx, ctx, Object.entries(answers).map(([id, v]) => surveyAnswered(scope, survey, id, v, phase, now))) };
}

/** Mean per dimension (knowledge, attitude, skills, or "all" when items have none), one decimal. */
export function profileByDimension(survey: Survey, answers: Record<string, number> | undefined) {
	const groups = new Map<string, number[]>();
	for (const item of survey.items) {
		const v = answers?.[item.id];
		if (v === undefined) continue;
		const key = item.dimension ?? 'all';
		groups.set(key, [...(groups.get(key) ?? []), v]);
	}
	return Object.fromEntries([...groups].map(([k, vs]) => [k, Math.round((vs.reduce((a, b) => a + b, 0) / vs.length) * 10) / 10]));
}
