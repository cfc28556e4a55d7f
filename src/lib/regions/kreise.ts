/**
 * German NUTS-3 regions ("Kreise"): all Landkreise (incl. Region Hannover,
 * StädteRegion Aachen and Regionalverband Saarbrücken) and kreisfreie Städte
 * (incl. the city states Berlin and Hamburg and the two cities of Bremen).
 *
 * Gebietsstand: 2024 — 400 Kreise (294 Landkreise, 106 kreisfreie Städte).
 * Notable changes already reflected:
 *  - 2016: Landkreis Osterode am Harz merged into Landkreis Göttingen (03159).
 *  - 2021: Eisenach (formerly 16056) joined the Wartburgkreis (16063).
 *
 * Naming convention:
 *  - Names are the official short names as listed by Destatis, without the
 *    "Landkreis"/"Kreis"/"Stadt" qualifier, unless the qualifier is part of the
 *    proper name (e.g. 'Region Hannover', 'Rhein-Kreis Neuss', 'Märkischer Kreis',
 *    'StädteRegion Aachen', 'Regionalverband Saarbrücken').
 *  - Where a Landkreis and a kreisfreie Stadt share a name, the Landkreis gets the
 *    suffix ' (Landkreis)' and the city the suffix ' (Stadt)', e.g.
 *    'München (Stadt)' / 'München (Landkreis)'. If the city's official name is
 *    already distinct ('Offenbach am Main', 'Oldenburg (Oldb)'), only the
 *    Landkreis gets the suffix ('Offenbach (Landkreis)', 'Oldenburg (Landkreis)').
 *    ' (Landkreis)' is also used for Hessian "Kreise" (e.g. Kreis Offenbach).
 *  - Every name is therefore unique within the list.
 *
 * List is sorted by `ags`.
 */

export type Bundesland =
	| 'BW'
	| 'BY'
	| 'BE'
	| 'BB'
	| 'HB'
	| 'HH'
	| 'HE'
	| 'MV'
	| 'NI'
	| 'NW'
	| 'RP'
	| 'SL'
	| 'SN'
	| 'ST'
	| 'SH'
	| 'TH';

export type KreisKind = 'landkreis' | 'kreisfreie_stadt';

export interface Kreis {
	/**
	 * Kreisschlüssel: the first 5 digits of the Amtlicher Gemeindeschlüssel (AGS),
	 * as a string with leading zero (e.g. '03453'). Digits 1–2 are the Land,
	 * digit 3 the Regierungsbezirk (0 if none), digits 4–5 the Kreis.
	 */
	ags: string;
	name: string;
	kind: KreisKind;
	land: Bundesland;
}
import rows from './kreise.json';

/**
 * Amtlicher Gemeindeschlüssel (first 5 digits = Kreisschlüssel) of all 400 Kreise, sorted by ags. The rows live
 * in kreise.json as [ags, name, 'L' (Landkreis) | 'S' (kreisfreie Stadt), Land] to keep the data compact.
 */
export const KREISE: readonly Kreis[] = (rows as [string, string, 'L' | 'S', Bundesland][]).map(([ags, name, kind, land]) => ({
	ags,
	name,
	kind: kind === 'L' ? 'landkreis' : 'kreisfreie_stadt',
	land
}));

export const BUNDESLAENDER: Record<Bundesland, string> = {
	BW: 'Baden-Württemberg',
	BY: 'Bayern',
	BE: 'Berlin',
	BB: 'Brandenburg',
	HB: 'Bremen',
	HH: 'Hamburg',
	HE: 'Hessen',
	MV: 'Mecklenburg-Vorpommern',
	NI: 'Niedersachsen',
	NW: 'Nordrhein-Westfalen',
	RP: 'Rheinland-Pfalz',
	SL: 'Saarland',
	SN: 'Sachsen',
	ST: 'Sachsen-Anhalt',
	SH: 'Schleswig-Holstein',
	TH: 'Thüringen'
};
