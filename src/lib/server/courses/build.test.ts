import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCourse } from './build';
import { buildFolder, courseFolders } from './folder';
import { fixtureCourseMd, fixtureFiles, fixtureLesson1 } from './fixtures';
import { formatProblem } from './problems';

const build = (overrides: Parameters<typeof fixtureFiles>[0] = {}) => buildCourse('probekurs', fixtureFiles(overrides));
const messages = (overrides: Parameters<typeof fixtureFiles>[0]) => build(overrides).problems.map((p) => formatProblem(p));

describe('buildCourse', () => {
	it('builds the fixture course without problems', () => {
		const r = build();
		expect(r.problems).toEqual([]);
		expect(r.content?.variants.de?.lessons.map((l) => l.id)).toEqual(['erste', 'test']);
		expect(r.content?.variants.de?.lessons[1]!.feedback).toBe('after_attempt');
		expect(r.content?.assets['assets/bild.svg']?.contentType).toBe('image/svg+xml');
	});

	it('reports a YAML syntax error inside a block at its line in the Markdown file', () => {
		const broken = fixtureLesson1.replace('prompt: Welche Antwort stimmt?', 'prompt: Welche: Antwort stimmt?');
		const line = broken.split('\n').findIndex((l) => l.startsWith('prompt: Welche:')) + 1;
		const [first] = messages({ '01-erste.md': broken });
		expect(first).toMatch(new RegExp(`^01-erste\\.md:${line}:\\d+ YAML: `));
	});

	it('reports a YAML error in the front matter at its line', () => {
		const broken = fixtureCourseMd().replace('version: 1', 'version: : 1');
		const line = broken.split('\n').findIndex((l) => l.startsWith('version:')) + 1;
		expect(messages({ 'course.md': broken })[0]).toMatch(new RegExp(`^course\\.md:${line}:\\d+ YAML:`));
	});

	it('points at an unknown key and at a value of the wrong type', () => {
		const broken = fixtureLesson1.replace('type: single', 'type: single\nshuffel: true').replace('    text: Jene', '    text: [1, 2]');
		const lines = broken.split('\n');
		const keyLine = lines.findIndex((l) => l.startsWith('shuffel')) + 1;
		const textLine = lines.findIndex((l) => l.includes('text: [1, 2]')) + 1;
		const out = messages({ '01-erste.md': broken });
		expect(out).toContain(`01-erste.md:${keyLine}:1 unknown key "shuffel"`);
		expect(out.some((m) => m.startsWith(`01-erste.md:${textLine}:11 options.1.text:`))).toBe(true);
	});

	it('rejects an unknown block kind', () => {
		const out = messages({ '01-erste.md': fixtureLesson1.replace('```callout tip', '```hinweis tip') });
		expect(out.some((m) => /^01-erste\.md:\d+:4 unknown block "hinweis"/.test(m))).toBe(true);
	});

	it('rejects a block id used twice in the course, naming the other file', () => {
		const out = messages({ '02-test.md': fixtureLesson1.replace('id: erste', 'id: zweite').replace('# Erste', '# Zweite') });
		expect(out.some((m) => m.includes('duplicate block id "q1" (also in 01-erste.md)'))).toBe(true);
	});

	it('rejects option ids repeated within one block but allows the same ids in another block', () => {
		expect(messages({ '01-erste.md': fixtureLesson1.replace('  - id: b', '  - id: a') })).toContainEqual(
			expect.stringContaining('duplicate option id "a" in this block')
		);
		expect(build().problems).toEqual([]); // q1 has a, b; the survey has s1: no clash across blocks
	});

	it('rejects a missing image and an image without alt text', () => {
		expect(messages({ 'assets/bild.svg': null })).toContainEqual(expect.stringMatching(/01-erste\.md:\d+:1 image \.\/assets\/bild\.svg not found/));
		const noAlt = messages({ '01-erste.md': fixtureLesson1.replace('![Ein Bild]', '![]') });
		expect(noAlt).toContainEqual(expect.stringMatching(/01-erste\.md:12:1 image \.\/assets\/bild\.svg needs alt text/));
	});

	it('rejects javascript: links and remote images', () => {
		const out = messages({ '01-erste.md': fixtureLesson1 + '\n[klick](javascript:alert(1)) ![x](https://cdn.example/x.png)\n' });
		expect(out).toContainEqual(expect.stringContaining('only http(s), mailto and relative links'));
		expect(out).toContainEqual(expect.stringContaining('no third-party requests'));
	});

	it('rejects a single-choice quiz without exactly one correct option', () => {
		expect(messages({ '01-erste.md': fixtureLesson1.replace('    correct: true\n', '') })).toContainEqual(
			expect.stringContaining('exactly one option with correct: true (has 0)')
		);
	});

	it('reports a lesson file that is not UTF-8 at the first bad byte', () => {
		const latin1 = new Uint8Array([...new TextEncoder().encode('---\nid: x\ntitle: Gr'), 0xfc, ...new TextEncoder().encode('n\n---\n')]);
		expect(messages({ '01-erste.md': latin1 })).toContain('01-erste.md:3:10 file is not UTF-8 (save it as UTF-8)');
	});

	it('requires passing_score when a lesson is an assessment', () => {
		const out = messages({ 'course.md': fixtureCourseMd().replace('passing_score: 0.5\n', '') });
		expect(out).toContainEqual(expect.stringContaining('passing_score is required: 02-test.md is an assessment'));
	});

	it('checks that pre_post names a survey in course.md', () => {
		const out = messages({ 'course.md': fixtureCourseMd().replace('pre_post: vorher-nachher', 'pre_post: fehlt') });
		expect(out).toContainEqual(expect.stringContaining('pre_post names "fehlt"'));
	});

	it('drops a leading H1 equal to the title and keeps other headings', () => {
		const lesson = build().content!.variants.de!.lessons[0]!;
		const first = lesson.body[0]!;
		expect(first.kind === 'markdown' && first.text.trimStart().startsWith('## Einstieg')).toBe(true);
	});
});

describe('translations', () => {
	const tr = (name: string, text: string) => ({ [`translations/en/${name}`]: text });
	const enCourse = fixtureCourseMd().replace('title: Probekurs', 'title: Test course').replace('# Probekurs', '# Test course');
	const enLesson1 = fixtureLesson1.replace('title: Erste Lektion', 'title: First lesson').replace('text: Diese', 'text: This one');
	const enLesson2 = fixtureFiles().get('02-test.md')!;
	const full = { ...tr('course.md', enCourse), ...tr('01-erste.md', enLesson1), 'translations/en/02-test.md': enLesson2 };

	it('merges a complete translation, keeping the scoring of the original', () => {
		const r = build(full);
		expect(r.problems).toEqual([]);
		const q = r.content!.variants.en!.lessons[0]!.body.find((b) => b.kind === 'quiz');
		expect(q && q.kind === 'quiz' && q.type === 'single' && q.options[0]).toEqual({ id: 'a', text: 'This one', correct: true, feedback: undefined });
	});

	it('reports a translation that lacks an item, an option or a lesson', () => {
		const lacksBlock = messages({ ...full, ...tr('01-erste.md', enLesson1.split('```quiz')[0]!) });
		expect(lacksBlock).toContain('translations/en/01-erste.md:1:1 the translation lacks block "q1" of 01-erste.md');
		const lacksOption = messages({ ...full, ...tr('01-erste.md', enLesson1.replace('  - id: b', '  - id: c')) });
		expect(lacksOption.some((m) => m.includes('block "q1": the translation lacks option "b"'))).toBe(true);
		expect(messages({ ...full, 'translations/en/02-test.md': null })).toContain('translations/en/02-test.md:1:1 the translation lacks the lesson file 02-test.md');
	});

	it('keeps the original language in a translation and refuses a changed scoring setting', () => {
		const out = messages({ ...full, ...tr('course.md', enCourse.replace('language: de', 'language: en').replace('passing_score: 0.5', 'passing_score: 0.9')) });
		expect(out).toContainEqual(expect.stringContaining('language must be the same as in the original course.md (keep the original'));
		expect(out).toContainEqual(expect.stringContaining('passing_score must be the same'));
	});
});

describe('seed courses', () => {
	it('all pass validation, with a German translation for the English course', async () => {
		const folders = await courseFolders(path.resolve('courses'));
		expect(folders.length).toBeGreaterThanOrEqual(4);
		for (const dir of folders) {
			const r = await buildFolder(dir);
			expect(r.problems.map((p) => formatProblem(p))).toEqual([]);
			const variant = r.content!.variants[r.content!.language]!;
			expect(variant.lessons.length).toBeGreaterThanOrEqual(5);
			const incidents = variant.lessons.flatMap((l) => l.body).filter((b) => b.kind === 'incident');
			expect(incidents.length).toBeGreaterThanOrEqual(3);
		}
		const work = await buildFolder(path.resolve('courses/intercultural-communication-at-work'));
		expect(Object.keys(work.content!.variants).sort()).toEqual(['de', 'en']);
	});
});
