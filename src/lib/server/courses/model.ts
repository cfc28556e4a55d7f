/**
 * A course as the platform keeps it after parsing and validation: plain JSON (it is stored in
 * `course_versions.content`), one `CourseVariant` per language with the scoring keys of the original merged
 * into every translation. Texts are Markdown sources; rendering happens once per cached version (render.ts).
 */
import type { CourseMeta } from './schema';

export type Lang = 'de' | 'en';
export type FeedbackMode = 'immediate' | 'after_attempt' | 'never';

export interface ChoiceOption {
	id: string;
	text: string;
	correct: boolean;
	feedback?: string;
}

interface QuizCommon {
	kind: 'quiz';
	id: string;
	points: number;
	shuffle: boolean;
	prompt: string;
	feedback?: { correct?: string; incorrect?: string };
}
export type Quiz =
	| (QuizCommon & { type: 'single'; options: ChoiceOption[] })
	| (QuizCommon & { type: 'multiple'; options: ChoiceOption[] })
	| (QuizCommon & { type: 'true-false'; answer: boolean })
	| (QuizCommon & { type: 'matching'; pairs: { id: string; left: string; right: string }[] })
	| (QuizCommon & { type: 'ordering'; items: { id: string; text: string }[] })
	| (QuizCommon & { type: 'cloze'; text: string; gaps: Record<string, string[]>; caseSensitive: boolean });
export type QuizType = Quiz['type'];

export interface Incident {
	kind: 'incident';
	id: string;
	points: number;
	rateEach: boolean;
	shuffle: boolean;
	situation: string;
	question: string;
	options: { id: string; text: string; rating: number; feedback: string }[];
}

export interface Survey {
	kind: 'survey';
	id: string;
	scale: [number, number];
	labels: Record<string, string>;
	items: { id: string; text: string; dimension?: 'knowledge' | 'attitude' | 'skills' }[];
}

export interface Callout {
	kind: 'callout';
	type: 'info' | 'warning' | 'tip';
	title: string;
	body: string;
}

export interface Video {
	kind: 'video';
	id?: string;
	src: string;
	captions: string;
	title: string;
	poster?: string;
	transcript: string;
}

/** Items a learner answers and that are scored. */
export type ScoredItem = Quiz | Incident;
export type Block = Quiz | Incident | Survey | Callout | Video;
export type Segment = { kind: 'markdown'; text: string } | Block;

export interface Lesson {
	id: string;
	/** File name inside the course folder, e.g. `03-anerkennung.md`. */
	file: string;
	title: string;
	durationMin?: number;
	assessment: boolean;
	feedback: FeedbackMode;
	maxAttempts?: number;
	body: Segment[];
}

export interface CourseVariant {
	lang: Lang;
	title: string;
	summary: string;
	objectives: string[];
	glossary: { term: string; definition: string }[];
	authors: string[];
	sources: string[];
	overview: Segment[];
	lessons: Lesson[];
}

export interface CourseAsset {
	/** sha256 of the bytes, hex; the bytes live in `course_assets` under this key. */
	hash: string;
	contentType: string;
	size: number;
}

export interface CourseContent {
	id: string;
	slug: string;
	/** The author's `version` (bumped when scoring or certificates change); xAPI `context.revision`. */
	version: number;
	language: Lang;
	audience: CourseMeta['audience'];
	workloadUe: number;
	competence: CourseMeta['competence'];
	passingScore?: number;
	certificate: { kind: 'zertifikat' | 'teilnahmebescheinigung'; validMonths?: number };
	prePost?: string;
	enrolment: 'self' | 'assigned';
	multipleScoring: 'all_or_nothing' | 'partial';
	/** The original first, then translations. */
	variants: Partial<Record<Lang, CourseVariant>>;
	/** Paths relative to the course folder, e.g. `assets/sitzordnung.svg`. */
	assets: Record<string, CourseAsset>;
}

export const isScored = (b: Segment): b is ScoredItem => b.kind === 'quiz' || b.kind === 'incident';

export function lessonItems(lesson: Lesson): ScoredItem[] {
	return lesson.body.filter(isScored);
}

export function findSurvey(variant: CourseVariant, id: string | undefined): Survey | undefined {
	if (!id) return undefined;
	for (const s of [...variant.overview, ...variant.lessons.flatMap((l) => l.body)]) {
		if (s.kind === 'survey' && s.id === id) return s;
	}
	return undefined;
}
