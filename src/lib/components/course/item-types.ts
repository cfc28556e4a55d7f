/**
 * What the browser gets about an item before answering: texts and ids only. Built from `ItemView`
 * (courses/render.ts), which by construction holds no correct answers, ratings or feedback.
 */
export interface PublicItem {
	id: string;
	kind: 'quiz' | 'incident';
	type: 'single' | 'multiple' | 'true-false' | 'matching' | 'ordering' | 'cloze' | 'incident';
	points: number;
	promptHtml: string;
	options?: { id: string; html: string }[];
	lefts?: { id: string; html: string }[];
	rights?: { id: string; label: string }[];
	entries?: { id: string; html: string }[];
	cloze?: ({ html: string } | { gap: string })[];
	situationHtml?: string;
	rateEach?: boolean;
}
