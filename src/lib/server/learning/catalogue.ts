import type { DbOrTx } from '../db';
import { availableLanguages, contentLanguage, listLiveVersions } from '../courses/cache';
import type { Lang } from '../courses/model';
import type { OrgType } from '../../vocab';

export interface CatalogueFilter {
	q?: string;
	audience?: OrgType;
	language?: Lang;
}

export interface CatalogueEntry {
	courseId: string;
	slug: string;
	title: string;
	summary: string;
	/** Language the title and summary are shown in. */
	lang: Lang;
	languages: Lang[];
	audience: OrgType[];
	workloadUe: number;
	certificate: 'zertifikat' | 'teilnahmebescheinigung';
	lessons: number;
}

/**
 * The live courses, filtered and searched in memory: the catalogue is a handful of courses held in the
 * version cache, so this is cheaper than a query. Search covers title and summary in every language.
 */
export async function listCatalogue(db: DbOrTx, uiLang: Lang, filter: CatalogueFilter = {}): Promise<CatalogueEntry[]> {
	const needle = filter.q?.trim().toLocaleLowerCase();
	const entries: CatalogueEntry[] = [];
	for (const v of await listLiveVersions(db)) {
		const c = v.content;
		const languages = availableLanguages(v);
		if (filter.audience && !c.audience.includes(filter.audience)) continue;
		if (filter.language && !languages.includes(filter.language)) continue;
		if (needle) {
			const hay = Object.values(c.variants).map((x) => `${x!.title}\n${x!.summary}`).join('\n').toLocaleLowerCase();
			if (!hay.includes(needle)) continue;
		}
		const lang = contentLanguage(v, null, uiLang);
		const variant = c.variants[lang]!;
		entries.push({
			courseId: c.id,
			slug: c.slug,
			title: variant.title,
			summary: variant.summary,
			lang,
			languages,
			audience: c.audience,
			workloadUe: c.workloadUe,
			certificate: c.certificate.kind,
			lessons: variant.lessons.length
		});
	}
	return entries.sort((a, b) => a.title.localeCompare(b.title, uiLang));
}
