// Realistic statements in our vocabulary (~0.9 KB each) for bench:xapi and its prefill. Every activity id has
// one definition, as course content gives it (an earlier version named a question after whichever lesson the
// statement came from and the course after a lesson, so nearly every batch rewrote shared activity rows).
export const ORIGIN = 'https://lernbruecke.example';
export const TOTAL = Number(process.env.BENCH_XAPI_STATEMENTS ?? 1_000_000);
export const V = (v: string) => ({ id: `http://adlnet.gov/expapi/verbs/${v}`, display: { 'de-DE': v, 'en-US': v } });
export const COURSES = ['interkulturelle-kompetenz-grundlagen', 'kommunikation-im-team', 'konfliktloesung', 'diversity-management', 'arbeiten-in-europa'];
export const LEARNERS = Math.max(100, Math.round(TOTAL / 40));
export const act = (kind: string, id: string) => `${ORIGIN}/xapi/activities/${kind}/${id}`;
export const learner = (i: number) => `l${(i % LEARNERS).toString(36).padStart(6, '0')}-${'x'.repeat(10)}`;
/** One enrolment per learner and course: a stable UUID derived from both. */
export const registration = (l: number, c: number) => {
	const h = ((l * 2654435761) ^ (c * 40503)) >>> 0;
	return `${h.toString(16).padStart(8, '0')}-${(l & 0xffff).toString(16).padStart(4, '0')}-4${(c & 0xfff).toString(16).padStart(3, '0')}-8${((l >>> 16) & 0xfff).toString(16).padStart(3, '0')}-${(l * 7919 + c).toString(16).padStart(12, '0').slice(-12)}`;
};

export function makeStatement(i: number, at: Date) {
	const l = i % LEARNERS;
	const c = (i * 31 + l) % COURSES.length;
	const course = COURSES[c]!;
	const lesson = `lektion-${(i % 12) + 1}`;
	const q = `frage-${(i % 40) + 1}`;
	const kind = i % 10;
	const base = {
		id: crypto.randomUUID(),
		actor: { objectType: 'Agent', account: { homePage: ORIGIN, name: learner(l) } },
		timestamp: at.toISOString(),
		context: {
			registration: registration(l, c),
			revision: `v${(c % 3) + 1}`,
			language: 'de-DE',
			platform: 'Lernbrücke',
			contextActivities: {
				parent: [{ id: act('lesson', `${course}/${lesson}`), objectType: 'Activity' }],
				grouping: [{ id: act('course', course), objectType: 'Activity' }],
				category: [{ id: `${ORIGIN}/xapi/profile/lernbruecke/v1`, objectType: 'Activity' }]
			},
		}
	};
	if (kind < 5) {
		return {
			...base,
			verb: V('answered'),
			object: {
				objectType: 'Activity',
				id: act('question', `${course}/${q}`),
				definition: {
					type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
					name: { 'de-DE': `Frage ${q} (${course})` },
					interactionType: 'choice',
					correctResponsesPattern: ['b'],
					choices: ['a', 'b', 'c'].map((id) => ({ id, description: { 'de-DE': `Antwort ${id}` } }))
				}
			},
			result: { response: 'abc'[i % 3], success: i % 4 === 1, score: { scaled: i % 4 === 1 ? 1 : 0, raw: i % 4 === 1 ? 1 : 0, min: 0, max: 1 }, duration: `PT${(i % 90) + 5}S` }
		};
	}
	if (kind < 7) {
		return {
			...base,
			verb: V('progressed'),
			object: { objectType: 'Activity', id: act('lesson', `${course}/${lesson}`), definition: { type: 'http://adlnet.gov/expapi/activities/lesson', name: { 'de-DE': `Lektion ${lesson}` } } },
			result: { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': (i * 7) % 101 }, duration: `PT${(i % 20) + 1}M` }
		};
	}
	const verb = ['experienced', 'completed', 'passed'][kind - 7]!;
	return {
		...base,
		verb: V(verb),
		object:
			kind === 9
				? { objectType: 'Activity', id: act('course', course), definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { 'de-DE': course } } }
				: { objectType: 'Activity', id: act('lesson', `${course}/${lesson}`), definition: { type: 'http://adlnet.gov/expapi/activities/lesson', name: { 'de-DE': `Lektion ${lesson}` } } },
		...(kind === 9 ? { result: { success: true, completion: true, score: { scaled: 0.85 } } } : {})
	};
}

