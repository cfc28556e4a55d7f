export { KREISE, BUNDESLAENDER, type Kreis, type Bundesland } from './kreise';
import { KREISE, BUNDESLAENDER, type Kreis } from './kreise';

const byAgs = new Map<string, Kreis>(KREISE.map((k) => [k.ags, k]));

export function findRegion(ags: string): Kreis | undefined {
	return byAgs.get(ags);
}

export function isRegion(ags: string): boolean {
	return byAgs.has(ags);
}

/** "Holzminden (Niedersachsen)" — a label that stays unambiguous in lists. */
export function regionLabel(ags: string): string {
	const k = byAgs.get(ags);
	return k ? `${k.name} (${BUNDESLAENDER[k.land]})` : ags;
}
