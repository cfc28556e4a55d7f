import { createHash } from 'node:crypto';
import type { CourseAsset, CourseContent, CourseVariant, Lang } from './model';
import { ProblemList, sortProblems } from './problems';
import { decodeUtf8, type Problem } from './source';
import { originalVariant, translatedVariant } from './translation';
import { LESSON_FILE, parseVariant, type ParsedVariant } from './variant';

/** File types a course may ship in `assets/`, with the content type they are served with. */
export const ASSET_TYPES: Record<string, string> = {
	svg: 'image/svg+xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	m4a: 'audio/mp4',
	mp4: 'video/mp4',
	webm: 'video/webm',
	vtt: 'text/vtt; charset=utf-8',
	pdf: 'application/pdf'
};
const LANGS: Lang[] = ['de', 'en'];

export interface BuildResult {
	slug: string;
	/** sha256 over every file of the folder: unchanged content → same hash → no new version. */
	hash: string;
	content?: CourseContent;
	problems: Problem[];
}

export function contentHash(files: Map<string, Uint8Array>): string {
	const h = createHash('sha256');
	for (const name of [...files.keys()].sort()) {
		h.update(name).update('\0').update(files.get(name)!).update('\0');
	}
	return h.digest('hex');
}

export const assetHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Builds a course from the files of its folder (paths relative to the folder, with `/`). Never throws for
 * bad content: every problem is returned with its position, and `content` is set only when there is none.
 */
export function buildCourse(folder: string, files: Map<string, Uint8Array>): BuildResult {
	const problems = new ProblemList();
	const hash = contentHash(files);
	const texts = new Map<string, string>();
	const assets: Record<string, CourseAsset> = {};
	const translationLangs = new Set<string>();

	for (const [name, bytes] of files) {
		if (name.split('/').some((p) => p.startsWith('.'))) continue; // .DS_Store, editor files
		if (name.startsWith('assets/')) {
			const ext = name.split('.').pop()!.toLowerCase();
			const type = ASSET_TYPES[ext];
			if (!type) problems.add(name, 1, 1, `assets of type .${ext} are not served (allowed: ${Object.keys(ASSET_TYPES).join(', ')})`);
			else assets[name] = { hash: assetHash(bytes), contentType: type, size: bytes.length };
			continue;
		}
		const tr = /^translations\/([^/]+)\/(.+)$/.exec(name);
		if (tr) translationLangs.add(tr[1]!);
		const base = tr ? tr[2]! : name;
		if (!name.endsWith('.md')) {
			problems.add(name, 1, 1, 'unexpected file: a course folder holds course.md, lesson files, assets/ and translations/');
			continue;
		}
		if (base !== 'course.md' && !LESSON_FILE.test(base)) {
			problems.add(name, 1, 1, 'lesson files are named NN-name.md (two digits, a dash, lowercase a–z, 0–9 and dashes)');
			continue;
		}
		const decoded = decodeUtf8(name, bytes);
		if (decoded.problem) problems.items.push(decoded.problem);
		else texts.set(name, decoded.text!);
	}

	const lessonFiles = [...files.keys()].filter((f) => LESSON_FILE.test(f)).sort();
	const ctx = { texts, assetExists: (p: string) => p in assets, lessonFiles, problems };
	const original = parseVariant({ ...ctx, prefix: '' });
	let content: CourseContent | undefined;
	if (original) {
		checkOriginal(folder, original, problems);
		const variants: Partial<Record<Lang, CourseVariant>> = {};
		const lang = original.course.meta.language;
		variants[lang] = originalVariant(lang, original);
		for (const tl of [...translationLangs].sort()) {
			const file = `translations/${tl}/course.md`;
			if (!LANGS.includes(tl as Lang) || tl === lang) {
				problems.add(file, 1, 1, `translations/${tl}: translations go to translations/de/ or translations/en/, other than the original's language`);
				continue;
			}
			const parsed = parseVariant({ ...ctx, prefix: `translations/${tl}/` });
			if (!parsed) continue;
			const variant = translatedVariant(tl as Lang, original, parsed, problems);
			if (variant) variants[tl as Lang] = variant;
		}
		const m = original.course.meta;
		if (problems.ok) {
			content = {
				id: m.id,
				slug: m.slug,
				version: m.version,
				language: m.language,
				audience: m.audience,
				workloadUe: m.workload_ue,
				competence: m.competence,
				passingScore: m.passing_score,
				certificate: { kind: m.certificate.kind, validMonths: m.certificate.valid_months },
				prePost: m.pre_post,
				enrolment: m.enrolment,
				multipleScoring: m.multiple_scoring,
				variants,
				assets
			};
		}
	}
	return { slug: folder, hash, content, problems: sortProblems(problems.items) };
}

/** Rules about the course as a whole, checked on the original only (translations inherit them). */
function checkOriginal(folder: string, v: ParsedVariant, problems: ProblemList) {
	const { course, lessons } = v;
	const m = course.meta;
	if (m.slug !== folder) problems.at(course.file, course.yaml, ['slug'], `slug "${m.slug}" must equal the folder name "${folder}"`);
	if (!lessons.length) problems.add(course.file, 1, 1, 'the course has no lesson files (01-name.md …)');
	const assessments = lessons.filter((l) => l.meta.assessment);
	if (assessments.length && m.passing_score === undefined)
		problems.at(course.file, course.yaml, ['passing_score'], `passing_score is required: ${assessments[0]!.file} is an assessment`, true);
	if (m.certificate.kind === 'zertifikat' && !assessments.length)
		problems.at(course.file, course.yaml, ['certificate', 'kind'], 'a zertifikat needs a lesson with assessment: true (or use teilnahmebescheinigung)');
	for (const l of assessments) {
		if (!l.body.some((b) => b.kind === 'quiz' || b.kind === 'incident'))
			problems.at(l.file, l.yaml, ['assessment'], 'an assessment needs at least one quiz or incident block');
	}
	for (const l of lessons) {
		if (l.body.some((b) => b.kind === 'survey'))
			problems.add(l.file, 1, 1, 'survey blocks belong in course.md (they are asked before the first and after the last lesson)');
	}
	if (m.pre_post) {
		const survey = course.body.find((b) => b.kind === 'survey' && b.id === m.pre_post);
		if (!survey) problems.at(course.file, course.yaml, ['pre_post'], `pre_post names "${m.pre_post}", but course.md has no survey block with that id`);
	}
	for (const b of course.body) {
		if (b.kind === 'quiz' || b.kind === 'incident')
			problems.add(course.file, course.blockLines.get(b) ?? 1, 1, `${b.kind} blocks belong in lesson files, not on the overview page`);
	}
}
