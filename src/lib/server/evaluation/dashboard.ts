import type { DbOrTx } from '../db';
import { getVersion, listLiveVersions } from '../courses/cache';
import { findSurvey, type CourseContent, type Lang } from '../courses/model';
import { getSetting } from '../settings';
import { effectiveK } from '../stats/suppress';
import { filterOptions, parseFilter, type EvalFilter, type FilterOptions } from './filters';
import { completionOverTime, funnel, orgTypeByRegion, type Scope } from './overview';
import { prePost } from './prepost';
import { itemAnalysisByLesson } from './items';
import { lessonTimes } from './lessons';

const titleIn = (lang: Lang) => (content: unknown) => {
	const c = content as CourseContent;
	return (c.variants[lang] ?? c.variants[c.language])?.title ?? c.slug;
};

/** k for this installation: the admin setting, never below the floor of 5. */
export async function minCell(db: DbOrTx): Promise<number> {
	return effectiveK(await getSetting(db, 'stats_min_cell'));
}

/** Reads the URL filters against what the evaluator may see. */
export async function resolveScope(db: DbOrTx, params: URLSearchParams, orgs: string[] | null, lang: Lang) {
	const options = await filterOptions(db, orgs, titleIn(lang));
	const { filter, ignored } = parseFilter(params, options);
	const k = await minCell(db);
	return { scope: { filter, orgs, k } satisfies Scope, options, ignored };
}

/** The version whose content names the lessons and items: the chosen one, else the course's live version. */
export async function contentFor(db: DbOrTx, filter: EvalFilter) {
	if (!filter.courseId) return undefined;
	if (filter.versionId) return getVersion(db, filter.versionId);
	return (await listLiveVersions(db)).find((v) => v.courseId === filter.courseId);
}

export async function dashboard(db: DbOrTx, params: URLSearchParams, orgs: string[] | null, lang: Lang) {
	const { scope, options, ignored } = await resolveScope(db, params, orgs, lang);
	const [f, timeline, cross] = await Promise.all([funnel(db, scope), completionOverTime(db, scope), orgTypeByRegion(db, scope)]);
	let course = null;
	const version = await contentFor(db, scope.filter);
	if (version) {
		const c = version.content;
		const variant = c.variants[lang] ?? c.variants[c.language]!;
		const survey = findSurvey(variant, c.prePost);
		const [pp, items, lessons] = await Promise.all([
			survey ? prePost(db, scope, survey) : Promise.resolve(null),
			itemAnalysisByLesson(db, scope, variant),
			lessonTimes(db, scope, variant)
		]);
		course = { title: variant.title, versionNumber: version.number, prePost: pp, surveyScale: survey?.scale ?? null, items, lessons };
	}
	return { filter: scope.filter, k: scope.k, options, ignored, funnel: f, timeline, cross, course };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;
export type { FilterOptions };
