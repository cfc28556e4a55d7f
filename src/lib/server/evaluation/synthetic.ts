import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { queryRows } from '../db';
import { attempts, attemptAnswers, enrolments, lessonProgress, organisations, surveyResponses, users } from '../db/schema';
import { findSurvey, lessonItems, type CourseContent, type Lesson, type ScoredItem } from '../courses/model';
import { scoreItem, type Response } from '../quiz/scoring';
import { KREISE } from '../../regions';
import { EnrolmentTrace, revisit, storeStatements, traceScope } from './synthetic-statements';
import { recordFirstAnswers } from './first-answers';
import type { Statement } from '../learning/records';
import { ORG_TYPES } from '../../vocab';

/**
 * Synthetic learning data for demos, tests and benchmarks — never for production (the callers check).
 * Learners are plain user rows without password (they cannot log in) under `@synthetisch.invalid`, so they
 * are recognisable and removable. Distributions: a latent ability drives item success (logistic, item
 * difficulty from a hash of the item id, so "hardest item" is stable), motivation drives how far a learner
 * gets, lesson times are log-normal around the lesson's stated duration, self-assessment rises ~0.4 points.
 */
export const SYNTHETIC_DOMAIN = 'synthetisch.invalid';

export interface SyntheticOptions {
	learners: number;
	/** Courses to enrol in, with their live version content. */
	versions: { id: string; courseId: string; content: CourseContent }[];
	/** Organisations to spread learners over; created when `createOrganisations` is set. */
	organisationIds?: string[];
	createOrganisations?: number;
	seed?: number;
	now?: Date;
	/** Months back enrolments are spread over. */
	months?: number;
	onProgress?: (done: number) => void;
	/**
	 * Also write the xAPI statements of every step into the LRS (as the learner pages would). With a
	 * `target`, learners re-read lessons in short extra sessions until the total reaches about the target.
	 */
	statements?: { origin: string; target?: number };
}

/** Deterministic PRNG (mulberry32), so a seed gives the same data set on every run. */
function rng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
	return { next, normal, pick };
}

const hash01 = (s: string) => {
	let h = 2166136261;
	for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	return ((h >>> 0) % 10000) / 10000;
};
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const uuid = () => crypto.randomUUID();

function respond(item: ScoredItem, good: boolean, r: ReturnType<typeof rng>, ability: number): Response {
	if (item.kind === 'incident') {
		// Better learners lean towards the options experts rate highly.
		const weights = item.options.map((o) => Math.exp((o.rating / Math.max(1, item.points)) * (1.2 + ability)));
		let x = r.next() * weights.reduce((a, b) => a + b, 0);
		const idx = weights.findIndex((w) => (x -= w) <= 0);
		return { type: 'incident', choice: item.options[idx < 0 ? 0 : idx]!.id };
	}
	switch (item.type) {
		case 'single': {
			const wrong = item.options.filter((o) => !o.correct);
			return { type: 'single', choice: good || !wrong.length ? item.options.find((o) => o.correct)!.id : r.pick(wrong).id };
		}
		case 'multiple': {
			const right = item.options.filter((o) => o.correct).map((o) => o.id);
			if (good) return { type: 'multiple', choices: right };
			const flip = r.pick(item.options).id;
			return { type: 'multiple', choices: right.includes(flip) ? right.filter((x) => x !== flip) : [...right, flip] };
		}
		case 'true-false':
			return { type: 'true-false', value: good ? item.answer : !item.answer };
		case 'matching': {
			const ids = item.pairs.map((p) => p.id);
			const matches = Object.fromEntries(ids.map((id, i) => [id, good ? id : ids[(i + 1) % ids.length]!]));
			return { type: 'matching', matches };
		}
		case 'ordering': {
			const order = item.items.map((x) => x.id);
			return { type: 'ordering', order: good ? order : [...order].reverse() };
		}
		case 'cloze':
			return { type: 'cloze', gaps: Object.fromEntries(Object.entries(item.gaps).map(([g, acc]) => [g, good ? acc[0]! : ''])) };
	}
}

/** A plausible right or wrong response to an item, as the generator writes them (tests of the write path). */
export function sampleResponse(item: ScoredItem, good: boolean, seed: number): Response {
	return respond(item, good, rng(seed), 0);
}

async function insertChunked<T>(db: DbOrTx, rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 1000) {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function generateSynthetic(db: DbOrTx, o: SyntheticOptions): Promise<{ learners: number; enrolments: number; answers: number; statements: number }> {
	const r = rng(o.seed ?? 20261125);
	const now = o.now ?? new Date();
	const months = o.months ?? 12;
	let orgIds = o.organisationIds ?? [];
	if (o.createOrganisations) {
		const created = Array.from({ length: o.createOrganisations }, (_, i) => {
			const type = ORG_TYPES[i % ORG_TYPES.length]!;
			const kreis = r.pick(KREISE);
			return { id: uuid(), name: `Synthetische Organisation ${String(i + 1).padStart(3, '0')} – ${kreis.name}`, type, regionAgs: kreis.ags };
		});
		await insertChunked(db, created, (c) => db.insert(organisations).values(c));
		orgIds = [...orgIds, ...created.map((c) => c.id)];
	}
	const [offset] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users where email like ${'%@' + SYNTHETIC_DOMAIN}`);
	const start = Number(offset?.n ?? 0);
	let enrolCount = 0;
	let answerCount = 0;
	let statementCount = 0;
	const BATCH = 500;
	for (let b = 0; b < o.learners; b += BATCH) {
		const userRows: (typeof users.$inferInsert)[] = [];
		const enrolRows: (typeof enrolments.$inferInsert)[] = [];
		const progressRows: (typeof lessonProgress.$inferInsert)[] = [];
		const attemptRows: (typeof attempts.$inferInsert)[] = [];
		const answerRows: (typeof attemptAnswers.$inferInsert)[] = [];
		const surveyRows: (typeof surveyResponses.$inferInsert)[] = [];
		const statementRows: Statement[] = [];
		const visited: { scope: ReturnType<typeof traceScope>; lessons: Lesson[]; from: number; to: number }[] = [];
		for (let i = b; i < Math.min(o.learners, b + BATCH); i++) {
			const n = start + i + 1;
			const userId = uuid();
			// Skewed organisation sizes: a few large organisations, many small ones.
			const org = orgIds.length ? orgIds[Math.floor(Math.pow(r.next(), 1.7) * orgIds.length)]! : null;
			const actorId = uuid();
			userRows.push({ id: userId, email: `person-${n}@${SYNTHETIC_DOMAIN}`, name: `Synthetische Person ${n}`, actorId, organisationId: org, emailConfirmedAt: now });
			const ability = r.normal();
			const motivation = r.normal();
			const trait = 3.6 + 0.8 * r.normal();
			const courseCount = Math.min(o.versions.length, r.next() < 0.25 ? 2 : 1);
			const chosen = [...o.versions].sort(() => r.next() - 0.5).slice(0, courseCount);
			for (const v of chosen) {
				const content = v.content;
				const variant = content.variants[content.language]!;
				const enrolId = uuid();
				const enrolledAt = new Date(now.getTime() - Math.pow(r.next(), 0.8) * months * 30 * 86400_000);
				let t = enrolledAt.getTime() + r.next() * 3 * 86400_000;
				const trace = o.statements ? new EnrolmentTrace(traceScope(o.statements.origin, actorId, enrolId, v.courseId, content)) : null;
				const survey = findSurvey(variant, content.prePost);
				// Answered before the first lesson, unless that moment is still in the future.
				if (survey && r.next() < 0.85 && t <= now.getTime()) {
					const answers = likert(survey.items, survey.scale, trait, 0, r);
					surveyRows.push({ enrolmentId: enrolId, surveyId: survey.id, phase: 'pre', answers, submittedAt: new Date(t) });
					trace?.survey(survey, 'pre', answers, t);
				}
				let lessonsDone = 0;
				const started = r.next() < 0.88;
				let completedAll = started;
				let passedAll = true;
				let lastLesson: string | null = null;
				if (started) {
					for (const lesson of variant.lessons) {
						if (t > now.getTime()) {
							completedAll = false;
							break;
						}
						const opened = new Date(t);
						lastLesson = lesson.id;
						const minutes = Math.max(1, Math.exp(Math.log(lesson.durationMin ?? 15) + 0.55 * r.normal()));
						t += minutes * 60_000;
						const done = r.next() < logistic(2.6 + 0.9 * motivation);
						progressRows.push({ enrolmentId: enrolId, lessonId: lesson.id, openedAt: opened, completedAt: done ? new Date(t) : null });
						trace?.opened(lesson, opened.getTime());
						const items = lessonItems(lesson);
						if (items.length && done) {
							const attemptId = uuid();
							let score = 0;
							let max = 0;
							const traced: Parameters<EnrolmentTrace['attempt']>[1] = [];
							for (const item of items) {
								const difficulty = 3 * hash01(`${content.id}/${item.id}`) - 1.5;
								const good = r.next() < logistic(ability + 0.6 - difficulty);
								const response = respond(item, good, r, ability);
								const s = scoreItem(item, response, content.multipleScoring);
								score += s.score;
								max += s.max;
								answerRows.push({ attemptId, itemId: item.id, response, score: s.score, maxScore: s.max, correct: s.correct, answeredAt: new Date(t) });
								traced.push({ item, response, score: s.score, success: s.correct === true });
							}
							trace?.attempt(lesson, traced, content.passingScore ?? 1, opened.getTime(), t);
							const passed = lesson.assessment ? max > 0 && score / max >= (content.passingScore ?? 1) - 1e-9 : null;
							if (passed === false) passedAll = false;
							attemptRows.push({ id: attemptId, enrolmentId: enrolId, lessonId: lesson.id, versionId: v.id, number: 1, orders: {}, startedAt: opened, submittedAt: new Date(t), score, maxScore: max, passed });
						}
						if (!done) {
							completedAll = false;
							break;
						}
						lessonsDone++;
						trace?.completed(lesson, Math.round((lessonsDone / variant.lessons.length) * 100), t);
						t += Math.pow(r.next(), 2) * 5 * 86400_000;
					}
				}
				const completedAt = completedAll && t <= now.getTime() ? new Date(t) : null;
				if (completedAt) trace?.courseCompleted(completedAt.getTime());
				if (survey && completedAt && r.next() < 0.85) {
					const answers = likert(survey.items, survey.scale, trait, 0.45 + 0.25 * ability, r);
					surveyRows.push({ enrolmentId: enrolId, surveyId: survey.id, phase: 'post', answers, submittedAt: completedAt });
					trace?.survey(survey, 'post', answers, completedAt.getTime());
				}
				if (trace) {
					statementRows.push(...trace.finish());
					if (started && lastLesson) {
						const reached = variant.lessons.slice(0, variant.lessons.findIndex((l) => l.id === lastLesson) + 1);
						visited.push({ scope: traceScope(o.statements!.origin, actorId, enrolId, v.courseId, content), lessons: reached, from: enrolledAt.getTime(), to: now.getTime() });
					}
				}
				enrolRows.push({
					id: enrolId,
					userId,
					courseId: v.courseId,
					versionId: v.id,
					enrolledAt,
					lastLessonId: lastLesson,
					lastActiveAt: started ? new Date(Math.min(t, now.getTime())) : null,
					completedAt,
					passedAt: completedAt && passedAll ? completedAt : null
				});
			}
		}
		await insertChunked(db, userRows, (c) => db.insert(users).values(c));
		await insertChunked(db, enrolRows, (c) => db.insert(enrolments).values(c));
		await insertChunked(db, progressRows, (c) => db.insert(lessonProgress).values(c));
		await insertChunked(db, attemptRows, (c) => db.insert(attempts).values(c));
		await insertChunked(db, answerRows, (c) => db.insert(attemptAnswers).values(c));
		await recordFirstAnswers(db, attemptRows.map((a) => a.id!));
		await insertChunked(db, surveyRows, (c) => db.insert(surveyResponses).values(c));
		if (o.statements) {
			// Fill up to the target pro rata, so every batch carries its share of re-reading sessions.
			const done = Math.min(o.learners, b + BATCH);
			const wanted = o.statements.target ? Math.round((o.statements.target * done) / o.learners) - statementCount - statementRows.length : 0;
			for (let extra = 0; extra < wanted && visited.length; extra += 3) {
				const x = r.pick(visited);
				statementRows.push(...revisit(x.scope, r.pick(x.lessons), x.from + r.next() * (x.to - x.from - 10 * 60_000)));
			}
			await storeStatements(db, o.statements.origin, statementRows, now);
			statementCount += statementRows.length;
		}
		enrolCount += enrolRows.length;
		answerCount += answerRows.length;
		o.onProgress?.(Math.min(o.learners, b + BATCH));
	}
	return { learners: o.learners, enrolments: enrolCount, answers: answerCount, statements: statementCount };
}

function likert(items: { id: string }[], scale: [number, number], trait: number, gain: number, r: ReturnType<typeof rng>): Record<string, number> {
	const [lo, hi] = scale;
	const mid = (lo + hi) / 2;
	// Trait is on a 1..5 frame; map it onto the survey's own scale.
	const centre = mid + ((trait + gain - 3) * (hi - lo)) / 4;
	return Object.fromEntries(items.map((it) => [it.id, Math.min(hi, Math.max(lo, Math.round(centre + 0.8 * r.normal())))]));
}
