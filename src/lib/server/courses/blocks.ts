import { BLOCK_KINDS, CALLOUT_KINDS, incidentSchema, quizSchema, surveySchema, videoSchema } from './schema';
import type { Block, Incident, Quiz, Survey, Video } from './model';
import type { ProblemList } from './problems';
import type { RawBlock } from './source';

/** Gap markers in a cloze text: `{{gap-id}}`. */
export const GAP_MARKER = /\{\{\s*([a-z0-9-]+)\s*\}\}/g;

/**
 * Turns one fenced block into its model, checking what the schema alone cannot: one correct option in a
 * single choice, ratings within the points, gap markers matching the gaps, ids unique within the block.
 */
export function buildBlock(file: string, raw: RawBlock, problems: ProblemList): Block | undefined {
	if (raw.kind === 'callout') return buildCallout(file, raw, problems);
	if (!(BLOCK_KINDS as readonly string[]).includes(raw.kind)) {
		problems.add(
			file,
			raw.line,
			4,
			`unknown block "${raw.kind}" (known: ${BLOCK_KINDS.join(', ')}; a code block has no info string)`
		);
		return undefined;
	}
	const yaml = raw.yaml;
	if (!yaml || yaml.data === undefined) return undefined; // YAML syntax errors are already reported
	if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
		problems.add(file, raw.line + 1, 1, `the ${raw.kind} block must contain YAML keys (id: …)`);
		return undefined;
	}
	const before = problems.items.length;
	const checkIds = (path: string, list: { id: string }[] | undefined, what: string) => {
		const seen = new Set<string>();
		list?.forEach((x, i) => {
			if (seen.has(x.id)) problems.at(file, yaml, [path, i, 'id'], `duplicate ${what} id "${x.id}" in this block`);
			seen.add(x.id);
		});
	};

	if (raw.kind === 'quiz') {
		const parsed = quizSchema.safeParse(yaml.data);
		if (!parsed.success) return void problems.zod(file, yaml, parsed.error);
		const q = parsed.data;
		const shuffle = q.shuffle ?? ['single', 'multiple', 'matching', 'ordering'].includes(q.type);
		const common = { kind: 'quiz' as const, id: q.id, points: q.points, shuffle, prompt: q.prompt, feedback: q.feedback };
		let quiz: Quiz;
		switch (q.type) {
			case 'single':
			case 'multiple': {
				checkIds('options', q.options, 'option');
				const correct = q.options.filter((o) => o.correct).length;
				if (q.type === 'single' && correct !== 1)
					problems.at(file, yaml, ['options'], `a single-choice quiz needs exactly one option with correct: true (has ${correct})`);
				if (q.type === 'multiple' && correct === 0)
					problems.at(file, yaml, ['options'], 'a multiple-choice quiz needs at least one option with correct: true');
				quiz = q.type === 'single' ? { ...common, type: 'single', options: q.options } : { ...common, type: 'multiple', options: q.options };
				break;
			}
			case 'true-false':
				quiz = { ...common, type: 'true-false', answer: q.answer };
				break;
			case 'matching': {
				checkIds('pairs', q.pairs, 'pair');
				const rights = new Map<string, number>();
				q.pairs.forEach((p, i) => {
					const key = p.right.trim().toLowerCase();
					if (rights.has(key))
						problems.at(file, yaml, ['pairs', i, 'right'], `two pairs have the same right side "${p.right}" (learners could not tell them apart)`);
					rights.set(key, i);
				});
				quiz = { ...common, type: 'matching', pairs: q.pairs };
				break;
			}
			case 'ordering':
				checkIds('items', q.items, 'item');
				quiz = { ...common, type: 'ordering', items: q.items };
				break;
			case 'cloze': {
				const markers = [...q.text.matchAll(GAP_MARKER)].map((m) => m[1]!);
				const gaps = Object.keys(q.gaps);
				const seen = new Set<string>();
				for (const id of markers) {
					if (seen.has(id)) problems.at(file, yaml, ['text'], `gap {{${id}}} appears twice in the text`);
					seen.add(id);
					if (!gaps.includes(id)) problems.at(file, yaml, ['text'], `gap {{${id}}} has no accepted answers under gaps`);
				}
				for (const id of gaps) {
					if (!markers.includes(id)) problems.at(file, yaml, ['gaps', id], `gap "${id}" does not appear as {{${id}}} in the text`, true);
				}
				if (!markers.length) problems.at(file, yaml, ['text'], 'a cloze text needs at least one {{gap-id}} marker');
				quiz = { ...common, type: 'cloze', text: q.text, gaps: q.gaps, caseSensitive: q.case_sensitive };
				break;
			}
		}
		return problems.items.length === before ? quiz : undefined;
	}

	if (raw.kind === 'incident') {
		const parsed = incidentSchema.safeParse(yaml.data);
		if (!parsed.success) return void problems.zod(file, yaml, parsed.error);
		const c = parsed.data;
		checkIds('options', c.options, 'option');
		c.options.forEach((o, i) => {
			if (o.rating > c.points)
				problems.at(file, yaml, ['options', i, 'rating'], `rating ${o.rating} is above the incident's points (${c.points})`);
		});
		if (!c.options.some((o) => o.rating === c.points))
			problems.at(file, yaml, ['options'], `at least one option needs the full rating (${c.points})`);
		const incident: Incident = {
			kind: 'incident',
			id: c.id,
			points: c.points,
			rateEach: c.rate_each,
			shuffle: c.shuffle ?? false,
			situation: c.situation,
			question: c.question,
			options: c.options
		};
		return problems.items.length === before ? incident : undefined;
	}

	if (raw.kind === 'survey') {
		const parsed = surveySchema.safeParse(yaml.data);
		if (!parsed.success) return void problems.zod(file, yaml, parsed.error);
		const s = parsed.data;
		checkIds('items', s.items, 'item');
		for (const k of Object.keys(s.labels ?? {})) {
			const n = Number(k);
			if (n < s.scale[0] || n > s.scale[1]) problems.at(file, yaml, ['labels', k], `label ${k} is outside the scale`, true);
		}
		const survey: Survey = { kind: 'survey', id: s.id, scale: s.scale, labels: s.labels ?? {}, items: s.items };
		return problems.items.length === before ? survey : undefined;
	}

	const parsed = videoSchema.safeParse(yaml.data);
	if (!parsed.success) return void problems.zod(file, yaml, parsed.error);
	const v = parsed.data;
	if (!/\.vtt$/i.test(v.captions)) problems.at(file, yaml, ['captions'], 'captions must be a WebVTT file (.vtt)');
	const video: Video = { kind: 'video', ...v };
	return problems.items.length === before ? video : undefined;
}

function buildCallout(file: string, raw: RawBlock, problems: ProblemList): Block | undefined {
	const [type = '', ...title] = raw.info.split(/\s+/).filter(Boolean);
	if (!(CALLOUT_KINDS as readonly string[]).includes(type)) {
		problems.add(file, raw.line, 4, `a callout needs a kind after "callout": ${CALLOUT_KINDS.join(', ')}`);
		return undefined;
	}
	if (!raw.content.trim()) {
		problems.add(file, raw.line, 1, 'the callout is empty');
		return undefined;
	}
	return { kind: 'callout', type: type as 'info', title: title.join(' '), body: raw.content };
}

/** Block id for duplicate checks (callouts have none). */
export function blockId(b: Block): string | undefined {
	return b.kind === 'callout' ? undefined : b.id;
}
