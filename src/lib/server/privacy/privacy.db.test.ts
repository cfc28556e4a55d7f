import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { importTestCourse } from '../../../../tests/setup/course';
import { getLiveCourse, type CachedVersion } from '../courses/cache';
import { unzipStored } from '../export/zip';
import { activeLearner as learnerWithData } from '../../../../tests/setup/active-learner';
import { collectPersonalData } from './collect';
import { personalDataCsvZip, personalDataJson } from './formats';

const database = useTestDatabase();
let version: CachedVersion;
let courseId: string;

beforeAll(async () => {
	await importTestCourse(database().db, { slug: 'probekurs' });
	const live = (await getLiveCourse(database().db, 'probekurs'))!;
	version = live.live;
	courseId = live.course.id;
});

const activeLearner = async (name: string) => ({ db: database().db, ...(await learnerWithData(database().db, { courseId, version }, name)) });

describe('my data', () => {
	it('collects profile, membership, learning, answers, self-assessments, assignments, certificates and statements', async () => {
		const { db, org, user, certificate } = await activeLearner('Ilse');
		const data = (await collectPersonalData(db, user.id, 'de'))!;
		expect(data.profile).toMatchObject({ id: user.id, email: user.email, name: 'Ilse', xapiAccountName: user.actorId });
		expect(data.membership).toEqual({ organisation: org.name, unit: null });
		expect(data.assignments).toEqual([{ course: 'Probekurs', dueDate: '2027-03-01' }]);
		expect(data.enrolments).toHaveLength(1);
		expect(data.enrolments[0]!.lessons.map((l) => l.lessonId)).toContain('erste');
		expect(data.attempts[0]!).toMatchObject({ lessonId: 'test', passed: true });
		expect(data.attempts[0]!.answers.map((a) => [a.itemId, a.response])).toContainEqual(['q2', expect.anything()]);
		expect(data.selfAssessments).toMatchObject([{ phase: 'pre', answers: { s1: 2 } }]);
		expect(data.certificates).toMatchObject([{ code: certificate.code, holderName: 'Ilse', course: 'Probekurs' }]);
		expect(data.statements.length).toBeGreaterThan(3);
		for (const s of data.statements) expect(JSON.stringify(s)).toContain(user.actorId);
		const verbs = data.statements.map((s) => (s.verb as { id: string }).id.split('/').pop());
		expect(verbs).toEqual(expect.arrayContaining(['initialized', 'experienced', 'completed', 'answered', 'passed']));
		// No secrets: the password hash and session ids are not data about the person.
		const json = personalDataJson(data);
		expect(json).not.toMatch(/argon2|\$scrypt|passwordHash|tokenHash/);
	});

	it('contains nothing of another person', async () => {
		const { db, user } = await activeLearner('Ilse');
		const other = await activeLearner('Zacharias');
		const json = personalDataJson((await collectPersonalData(db, user.id, 'de'))!);
		for (const foreign of [other.user.id, other.user.email, other.user.actorId, 'Zacharias', other.certificate.code, other.enrolment.id, other.org.name]) {
			expect(json, foreign).not.toContain(foreign);
		}
	});

	it('writes the CSV download as a ZIP with one file per kind of data', async () => {
		const { db, user, certificate } = await activeLearner('Ilse');
		const data = (await collectPersonalData(db, user.id, 'en'))!;
		const files = unzipStored(personalDataCsvZip(data));
		expect([...files.keys()]).toEqual(
			expect.arrayContaining(['profile.csv', 'enrolments.csv', 'attempts.csv', 'answers.csv', 'self-assessments.csv', 'assignments.csv', 'certificates.csv', 'statements.csv'])
		);
		const text = (name: string) => new TextDecoder().decode(files.get(name));
		expect(text('profile.csv')).toContain(user.email);
		expect(text('certificates.csv')).toContain(certificate.code);
		const statements = text('statements.csv').trim().split('\r\n');
		expect(statements[0]).toBe('id;timestamp;stored;verb;object;result;statement');
		expect(statements.length - 1).toBe(data.statements.length);
		expect(text('self-assessments.csv')).toContain('""s1"":2');
	});
});
