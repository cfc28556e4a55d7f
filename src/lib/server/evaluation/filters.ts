import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type DbOrTx } from '../db';
import { ORG_TYPES, type OrgType } from '../../vocab';
import { BUNDESLAENDER, KREISE, type Bundesland } from '../../regions';

/**
 * The evaluator's filters, read from the URL. Every parameter is checked against what exists and what the
 * evaluator may see; an unknown or foreign value is dropped and named in `ignored`, so a pasted or stale
 * link shows a notice instead of an error page (and never widens the scope).
 */
export interface EvalFilter {
	courseId?: string;
	courseSlug?: string;
	versionId?: string;
	versionNumber?: number;
	orgType?: OrgType;
	/** A Bundesland code (`NI`) or a Kreis AGS (`03255`). */
	region?: string;
	organisationId?: string;
	/** Enrolled on or after `from`, before the day after `to` (UTC days, ISO dates). */
	from?: string;
	to?: string;
}

export interface FilterOptions {
	courses: { id: string; slug: string; title: string; versions: { id: string; number: number }[] }[];
	organisations: { id: string; name: string; type: OrgType; regionAgs: string }[];
	regions: { code: string; label: string }[];
}

/** AGS prefix of each Bundesland (the first two digits of every Kreis in it). */
export const LAND_PREFIX = Object.fromEntries(
	(Object.keys(BUNDESLAENDER) as Bundesland[]).map((l) => [l, KREISE.find((k) => k.land === l)!.ags.slice(0, 2)])
) as Record<Bundesland, string>;

const isoDate = z.iso.date();

export const FILTER_PARAMS = ['course', 'version', 'orgtype', 'region', 'org', 'from', 'to'] as const;

export function parseFilter(params: URLSearchParams, options: FilterOptions): { filter: EvalFilter; ignored: string[] } {
	const filter: EvalFilter = {};
	const ignored: string[] = [];
	const get = (name: string) => {
		const v = params.get(name)?.trim();
		return v ? v : undefined;
	};
	const course = get('course');
	if (course) {
		const c = options.courses.find((x) => x.slug === course);
		if (c) Object.assign(filter, { courseId: c.id, courseSlug: c.slug });
		else ignored.push('course');
	}
	const version = get('version');
	if (version) {
		const c = options.courses.find((x) => x.id === filter.courseId);
		const v = c?.versions.find((x) => String(x.number) === version);
		if (v) Object.assign(filter, { versionId: v.id, versionNumber: v.number });
		else ignored.push('version');
	}
	const orgType = get('orgtype');
	if (orgType) {
		if ((ORG_TYPES as readonly string[]).includes(orgType)) filter.orgType = orgType as OrgType;
		else ignored.push('orgtype');
	}
	const region = get('region');
	if (region) {
		if (options.regions.some((r) => r.code === region)) filter.region = region;
		else ignored.push('region');
	}
	const org = get('org');
	if (org) {
		// Only organisations the evaluator may see are options; anything else is ignored, not refused.
		if (options.organisations.some((o) => o.id === org)) filter.organisationId = org;
		else ignored.push('org');
	}
	for (const key of ['from', 'to'] as const) {
		const v = get(key);
		if (!v) continue;
		if (isoDate.safeParse(v).success) filter[key] = v;
		else ignored.push(key);
	}
	if (filter.from && filter.to && filter.from > filter.to) {
		delete filter.from;
		delete filter.to;
		ignored.push('from', 'to');
	}
	return { filter, ignored };
}

/** The filter as URL parameters (for links between views and to exports). */
export function filterQuery(f: EvalFilter): string {
	const p = new URLSearchParams();
	if (f.courseSlug) p.set('course', f.courseSlug);
	if (f.versionNumber !== undefined) p.set('version', String(f.versionNumber));
	if (f.orgType) p.set('orgtype', f.orgType);
	if (f.region) p.set('region', f.region);
	if (f.organisationId) p.set('org', f.organisationId);
	if (f.from) p.set('from', f.from);
	if (f.to) p.set('to', f.to);
	return p.toString();
}

/**
 * SQL condition over `e` (enrolments) and `o` (the learner's organisation, left-joined) for the filter and
 * the evaluator's scope. Learners count with the organisation they belong to now.
 */
export function filterSql(f: EvalFilter, scope: string[] | null): SQL {
	const parts: SQL[] = [sql`true`];
	if (scope) parts.push(scope.length ? sql`o.id in (${sql.join(scope.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`false`);
	if (f.courseId) parts.push(sql`e.course_id = ${f.courseId}::uuid`);
	if (f.versionId) parts.push(sql`e.version_id = ${f.versionId}::uuid`);
	if (f.orgType) parts.push(sql`o.type = ${f.orgType}`);
	if (f.region) {
		parts.push(f.region.length === 2 ? sql`left(o.region_ags, 2) = ${LAND_PREFIX[f.region as Bundesland]}` : sql`o.region_ags = ${f.region}`);
	}
	if (f.organisationId) parts.push(sql`o.id = ${f.organisationId}::uuid`);
	// ISO strings with a cast: postgres.js refuses a bare Date as a raw-SQL parameter.
	if (f.from) parts.push(sql`e.enrolled_at >= ${f.from}::date`);
	if (f.to) parts.push(sql`e.enrolled_at < (${f.to}::date + 1)`);
	return sql.join(parts, sql` and `);
}

/** The enrolments in view: `e` and `o` for filterSql. */
export const FROM_ENROLMENTS = sql`enrolments e join users u on u.id = e.user_id left join organisations o on o.id = u.organisation_id`;

/** FROM_ENROLMENTS, or only `enrolments e` when neither the filter nor the scope looks at organisations. */
export function fromEnrolments(f: EvalFilter, scope: string[] | null): SQL {
	return scope || f.orgType || f.region || f.organisationId ? FROM_ENROLMENTS : sql`enrolments e`;
}

/** What the evaluator can choose from: every course, and the organisations and regions within scope. */
export async function filterOptions(db: DbOrTx, scope: string[] | null, titleOf: (content: unknown) => string): Promise<FilterOptions> {
	const courseRows = await queryRows<{ id: string; slug: string; version_id: string; number: number; content: unknown; live: boolean }>(
		db,
		sql`select c.id, c.slug, v.id as version_id, v.number, (v.id = c.live_version_id) as live,
				case when v.id = c.live_version_id then v.content else null end as content
			from courses c join course_versions v on v.course_id = c.id order by c.slug, v.number`
	);
	const courses = new Map<string, FilterOptions['courses'][number]>();
	for (const r of courseRows) {
		const c = courses.get(r.id) ?? { id: r.id, slug: r.slug, title: r.slug, versions: [] };
		c.versions.push({ id: r.version_id, number: Number(r.number) });
		if (r.live && r.content) c.title = titleOf(typeof r.content === 'string' ? JSON.parse(r.content) : r.content);
		courses.set(r.id, c);
	}
	const orgRows = await queryRows<{ id: string; name: string; type: OrgType; region_ags: string }>(
		db,
		sql`select id, name, type, region_ags from organisations o where ${scope ? filterSql({}, scope) : sql`true`} order by name`
	);
	const organisations = orgRows.map((o) => ({ id: o.id, name: o.name, type: o.type, regionAgs: o.region_ags }));
	const lands = new Set<string>();
	const kreise = new Set<string>();
	for (const o of organisations) {
		kreise.add(o.regionAgs);
		const land = KREISE.find((k) => k.ags === o.regionAgs)?.land;
		if (land) lands.add(land);
	}
	const regions = [
		...[...lands].sort().map((l) => ({ code: l, label: BUNDESLAENDER[l as Bundesland] })),
		...[...kreise].sort().map((ags) => {
			const k = KREISE.find((x) => x.ags === ags);
			return { code: ags, label: k ? `${k.name} (${BUNDESLAENDER[k.land]})` : ags };
		})
	];
	return { courses: [...courses.values()].sort((a, b) => a.title.localeCompare(b.title, 'de')), organisations, regions };
}
