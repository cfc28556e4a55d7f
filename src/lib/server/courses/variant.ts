import { courseMetaSchema, lessonMetaSchema, type CourseMeta, type LessonMeta } from './schema';
import { blockId, buildBlock } from './blocks';
import { checkLink, findLinks, positionIn } from './links';
import type { Block, Segment } from './model';
import type { ProblemList } from './problems';
import { parseSourceFile, type YamlValue } from './source';

/** The files of one language of a course (the original, or one `translations/<lang>/` folder), parsed. */
export interface ParsedFile<M> {
	file: string;
	meta: M;
	yaml: YamlValue;
	body: Segment[];
	/** Line of each block's opening fence, for messages about the block as a whole. */
	blockLines: Map<Block, number>;
}
export interface ParsedVariant {
	course: ParsedFile<CourseMeta>;
	lessons: ParsedFile<LessonMeta>[];
}

export const LESSON_FILE = /^\d{2}-[a-z0-9-]+\.md$/;

export interface VariantContext {
	/** `''` for the original, `translations/en/` for a translation. */
	prefix: string;
	texts: Map<string, string>;
	assetExists(path: string): boolean;
	/** Lesson file names of the original (links between lessons point at these). */
	lessonFiles: string[];
	problems: ProblemList;
}

export function parseVariant(ctx: VariantContext): ParsedVariant | undefined {
	const { prefix, texts, problems } = ctx;
	const courseFile = `${prefix}course.md`;
	const courseText = texts.get(courseFile);
	if (courseText === undefined) {
		problems.add(courseFile, 1, 1, prefix ? 'the translation lacks course.md' : 'course.md is missing');
		return undefined;
	}
	const course = parseOne(courseFile, courseText, courseMetaSchema, ctx);
	const lessons: ParsedFile<LessonMeta>[] = [];
	for (const name of ctx.lessonFiles) {
		const file = `${prefix}${name}`;
		const text = texts.get(file);
		if (text === undefined) {
			if (prefix) problems.add(file, 1, 1, `the translation lacks the lesson file ${name}`);
			continue;
		}
		const lesson = parseOne(file, text, lessonMetaSchema, ctx);
		if (lesson) lessons.push(lesson);
	}
	if (!course) return undefined;
	checkUniqueIds(course, lessons, problems);
	return { course, lessons };
}

function parseOne<M>(
	file: string,
	text: string,
	schema: { safeParse(v: unknown): { success: true; data: M } | { success: false; error: import('zod').ZodError } },
	ctx: VariantContext
): ParsedFile<M> | undefined {
	const { problems } = ctx;
	const source = parseSourceFile(file, text);
	problems.items.push(...source.problems);
	const body: Segment[] = [];
	const blockLines = new Map<Block, number>();
	for (const seg of source.segments) {
		if (seg.type === 'markdown') {
			checkMarkdown(file, seg.text, seg.line, ctx);
			body.push({ kind: 'markdown', text: seg.text });
			continue;
		}
		const block = buildBlock(file, seg, problems);
		if (!block) continue;
		blockLines.set(block, seg.line);
		if (block.kind === 'callout') checkMarkdown(file, block.body, seg.line + 1, ctx);
		if (block.kind === 'incident') checkMarkdown(file, block.situation, seg.line + 1, ctx);
		if (block.kind === 'video') {
			for (const key of ['src', 'captions', 'poster'] as const) {
				const href = block[key];
				if (!href) continue;
				const rel = href.replace(/^\.\//, '');
				if (!rel.startsWith('assets/') || !ctx.assetExists(rel))
					problems.at(file, seg.yaml, [key], `${key} ${href} not found in the course's assets/`);
			}
		}
		body.push(block);
	}
	const fm = source.frontMatter;
	if (!fm || fm.data === undefined) return undefined;
	const parsed = schema.safeParse(fm.data ?? {});
	if (!parsed.success) {
		problems.zod(file, fm, parsed.error);
		return undefined;
	}
	return { file, meta: parsed.data, yaml: fm, body, blockLines };
}

function checkMarkdown(file: string, text: string, firstLine: number, ctx: VariantContext) {
	for (const link of findLinks(text)) {
		const verdict = checkLink(link, {
			asset: ctx.assetExists,
			lesson: (name) => ctx.lessonFiles.includes(name)
		});
		if (!verdict.ok) {
			const pos = positionIn(text, link.offset, firstLine);
			ctx.problems.add(file, pos.line, pos.column, verdict.message);
		}
	}
}

/** Lesson ids and block ids are unique across the course (option, pair and item ids only within a block). */
function checkUniqueIds(course: ParsedFile<CourseMeta>, lessons: ParsedFile<LessonMeta>[], problems: ProblemList) {
	const lessonIds = new Map<string, string>();
	const blockIds = new Map<string, string>();
	for (const f of lessons) {
		const other = lessonIds.get(f.meta.id);
		if (other) problems.at(f.file, f.yaml, ['id'], `duplicate lesson id "${f.meta.id}" (also in ${other})`);
		lessonIds.set(f.meta.id, f.file);
	}
	for (const f of [course, ...lessons]) {
		for (const b of f.body) {
			if (b.kind === 'markdown') continue;
			const id = blockId(b);
			if (!id) continue;
			const other = blockIds.get(id);
			if (other) problems.add(f.file, f.blockLines.get(b) ?? 1, 1, `duplicate block id "${id}" (also in ${other})`);
			blockIds.set(id, f.file);
		}
	}
}

/**
 * Every lesson file starts with an H1 that repeats its title, because that is how a Markdown file reads on
 * its own (in a pull request, an editor). The lesson page already shows the title as its H1, so a leading
 * H1 equal to the title is dropped when rendering; any other leading H1 stays (and the lesson then has two).
 */
export function dropTitleHeading(body: Segment[], title: string): Segment[] {
	const first = body[0];
	if (first?.kind !== 'markdown') return body;
	const match = /^\s*#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(first.text);
	if (!match || normalise(match[1]!) !== normalise(title)) return body;
	const rest = first.text.slice(match[0].length);
	return rest.trim() ? [{ kind: 'markdown', text: rest }, ...body.slice(1)] : body.slice(1);
}

const normalise = (s: string) => s.replace(/[*_`"“”„]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
