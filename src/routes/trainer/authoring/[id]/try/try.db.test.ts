import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useTestDatabase } from '../../../../../../tests/setup/db';
import { getDb, queryRows } from '$lib/server/db';
import { createUser } from '$lib/server/users';
import { createOrganisation } from '$lib/server/orgs';
import { createDraft } from '$lib/server/authoring';
import { templateFiles } from '$lib/server/authoring/template';
import type { SessionUser } from '$lib/server/auth/session';
import type { QuizState } from '$lib/server/quiz/lesson-state';
import { actions, load } from './[lesson]/+page.server';

useTestDatabase();

const enc = (s: string) => new TextEncoder().encode(s);
const ASSESSMENT = `---
id: abschluss
title: Abschluss
assessment: true
max_attempts: 2
---
# Abschluss

\`\`\`quiz
id: tf-1
type: true-false
prompt: Die Erde ist rund.
answer: true
\`\`\`

\`\`\`quiz
id: mc-1
type: multiple
prompt: Welche sind Farben?
options:
  - id: r
    text: Rot
    correct: true
  - id: g
    text: Grün
    correct: true
  - id: t
    text: Tisch
\`\`\`
`;

/** Every table a learner's activity writes to: the preview must leave all of them as they were. */
async function learningCounts() {
	const [row] = await queryRows<Record<string, number>>(
		getDb(),
		sql`select (select count(*) from xapi_statements)::int as statements, (select count(*) from attempts)::int as attempts,
			(select count(*) from attempt_answers)::int as answers, (select count(*) from lesson_progress)::int as progress,
			(select count(*) from enrolments)::int as enrolments, (select count(*) from survey_responses)::int as surveys`
	);
	return row!;
}

/** A cookie jar standing in for the browser between requests. */
function jar() {
	const store = new Map<string, string>();
	return {
		get: (name: string) => store.get(name),
		set: (name: string, value: string) => void store.set(name, value),
		delete: (name: string) => void store.delete(name),
		getAll: () => [...store].map(([name, value]) => ({ name, value })),
		serialize: () => ''
	};
}

let n = 0;
async function setup() {
	const db = getDb();
	const k = ++n;
	const org = await createOrganisation(db, { name: `Kammer ${k}`, type: 'kammer', regionAgs: '09162' }, null);
	const other = await createOrganisation(db, { name: `Andere ${k}`, type: 'kammer', regionAgs: '09162' }, null);
	const mk = async (who: string, orgId: string, roles: SessionUser['roles']) => {
		const u = await createUser(db, { email: `${who}-${k}@example.org`, name: who, password: 'Lange-Passphrase-1', organisationId: orgId, roles }, null);
		return { id: u.id, email: u.email, name: who, locale: 'de', organisationId: orgId, actorId: u.actorId, roles } as SessionUser;
	};
	const trainer = await mk('trainer', org.id, [{ role: 'trainer', organisationId: org.id }]);
	const stranger = await mk('fremd', other.id, [{ role: 'trainer', organisationId: other.id }]);
	const learner = await mk('lernend', org.id, [{ role: 'learner', organisationId: org.id }]);
	const slug = `vorschau-${k}`;
	const courseId = crypto.randomUUID();
	const files = templateFiles({ id: courseId, slug, title: 'Vorschau' });
	files.set('02-abschluss.md', enc(ASSESSMENT));
	files.set('course.md', enc(new TextDecoder().decode(files.get('course.md')!).replace('workload_ue: 1\n', 'workload_ue: 1\npassing_score: 0.8\n')));
	await createDraft(db, { organisationId: org.id, slug, title: 'Vorschau', createdBy: trainer.id }, files, courseId);
	return { courseId, trainer, stranger, learner };
}

function request(user: SessionUser, courseId: string, lesson: string, cookies: ReturnType<typeof jar>, form?: Record<string, string | string[]>) {
	const url = new URL(`http://localhost/trainer/authoring/${courseId}/try/${lesson}`);
	let body: FormData | undefined;
	if (form) {
		body = new FormData();
		for (const [key, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(key, x);
	}
	const event = { locals: { user }, params: { id: courseId, lesson }, url, cookies, request: new Request(url, { method: form ? 'POST' : 'GET', body }) };
	return event as unknown as Parameters<typeof load>[0] & Parameters<(typeof actions)['answer']>[0];
}

const quizOf = async (...args: Parameters<typeof request>) => ((await load(request(...args))) as { quiz: QuizState }).quiz;
/** Runs one of the page's form actions as a POST would (a redirect arrives as a thrown Redirect). */
const act = async (name: 'start' | 'answer' | 'submit', event: ReturnType<typeof request>) => actions[name]!(event);
const status = async (p: unknown) => Promise.resolve(p).then(() => 200, (e: { status?: number }) => e.status ?? 500);

describe('preview as learner', () => {
	it('scores quiz and incident answers like the learner view and writes no learning record', async () => {
		const { courseId, trainer } = await setup();
		const before = await learningCounts();
		const cookies = jar();

		const opened = await quizOf(trainer, courseId, 'erste-lektion', cookies);
		expect(opened.attempt).toMatchObject({ number: 1, open: true });
		// Before an answer, nothing on the page tells which option is right or what the feedback says.
		const sent = JSON.stringify(opened);
		expect(sent).not.toContain('Richtig.');
		expect(sent).not.toContain('"correct"');
		expect(sent).not.toContain('rating');

		const answered = await act('answer', request(trainer, courseId, 'erste-lektion', cookies, { item: 'quiz-1', attempt: opened.attempt!.id, 'quiz-1': 'a' }));
		expect(answered).toEqual({ answered: 'quiz-1' });
		let quiz = await quizOf(trainer, courseId, 'erste-lektion', cookies);
		expect(quiz.items['quiz-1']!.feedback).toMatchObject({ correct: true, score: 1, max: 1, html: expect.stringContaining('Richtig.') });
		expect(quiz.attempt!.open).toBe(true);

		await act('answer', request(trainer, courseId, 'erste-lektion', cookies, { item: 'vorfall-1', attempt: quiz.attempt!.id, 'vorfall-1': 'b' }));
		quiz = await quizOf(trainer, courseId, 'erste-lektion', cookies);
		expect(quiz.items['vorfall-1']!.feedback).toMatchObject({ correct: false, score: 1, max: 2 });
		expect(quiz.items['vorfall-1']!.feedback!.options!.map((o) => [o.id, o.rating, o.chosen])).toContainEqual(['c', 2, false]);
		expect(quiz.result).toMatchObject({ score: 2, max: 3, percent: 67, passed: null });

		// An answer to an item already answered, or a choice the item does not have, is refused as for learners.
		expect(await act('answer', request(trainer, courseId, 'erste-lektion', cookies, { item: 'quiz-1', attempt: 'x', 'quiz-1': 'b' }))).toMatchObject({ status: 409 });

		expect(await learningCounts()).toEqual(before);
	});

	it('runs an assessment with its attempt limit and pass mark, still without records', async () => {
		const { courseId, trainer } = await setup();
		const before = await learningCounts();
		const cookies = jar();
		const lesson = 'abschluss';
		let quiz = await quizOf(trainer, courseId, lesson, cookies);
		expect(quiz).toMatchObject({ assessment: true, attempt: null, canStart: true });
		expect(await status(act('start', request(trainer, courseId, lesson, cookies, {})))).toBe(303);
		quiz = await quizOf(trainer, courseId, lesson, cookies);
		const tampered = await act('submit', request(trainer, courseId, lesson, cookies, { attempt: quiz.attempt!.id, 'tf-1': 'true', 'mc-1': ['r', 'stuhl'] }));
		expect(tampered).toMatchObject({ status: 400, data: { quizError: 'tampered' } });
		expect(await status(act('submit', request(trainer, courseId, lesson, cookies, { attempt: quiz.attempt!.id, 'tf-1': 'true', 'mc-1': ['r', 't'] })))).toBe(303);
		quiz = await quizOf(trainer, courseId, lesson, cookies);
		// all_or_nothing is the default for multiple choice: 1 of 2 points, below the 80 % needed.
		expect(quiz.result).toMatchObject({ score: 1, max: 2, passed: false });
		expect(quiz.attemptsUsed).toBe(1);
		await act('start', request(trainer, courseId, lesson, cookies, {})).catch(() => {});
		quiz = await quizOf(trainer, courseId, lesson, cookies);
		await act('submit', request(trainer, courseId, lesson, cookies, { attempt: quiz.attempt!.id, 'tf-1': 'true', 'mc-1': ['r', 'g'] })).catch(() => {});
		quiz = await quizOf(trainer, courseId, lesson, cookies);
		expect(quiz.result).toMatchObject({ score: 2, max: 2, passed: true });
		expect(quiz).toMatchObject({ attemptsUsed: 2, canStart: false });
		expect(await learningCounts()).toEqual(before);
	});

	it('is open only to those who may edit the draft', async () => {
		const { courseId, stranger, learner } = await setup();
		expect(await status(load(request(stranger, courseId, 'erste-lektion', jar())))).toBe(404);
		expect(await status(load(request(learner, courseId, 'erste-lektion', jar())))).toBe(403);
		expect(await status(act('answer', request(stranger, courseId, 'erste-lektion', jar(), { item: 'quiz-1', 'quiz-1': 'a' })))).toBe(404);
	});
});
