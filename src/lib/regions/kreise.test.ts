import { describe, it, expect } from 'vitest';
import { BUNDESLAENDER, KREISE, type Bundesland } from './kreise';

const LAND_PREFIX: Record<Bundesland, string> = {
	SH: '01',
	HH: '02',
	NI: '03',
	HB: '04',
	NW: '05',
	HE: '06',
	RP: '07',
	BW: '08',
	BY: '09',
	SL: '10',
	BE: '11',
	BB: '12',
	MV: '13',
	SN: '14',
	ST: '15',
	TH: '16'
};

/** Expected [Landkreise, kreisfreie Städte] per Land, Gebietsstand 2024. */
const EXPECTED_COUNTS: Record<Bundesland, [number, number]> = {
	SH: [11, 4],
	HH: [0, 1],
	NI: [37, 8],
	HB: [0, 2],
	NW: [31, 22],
	HE: [21, 5],
	RP: [24, 12],
	BW: [35, 9],
	BY: [71, 25],
	SL: [6, 0],
	BE: [0, 1],
	BB: [14, 4],
	MV: [6, 2],
	SN: [10, 3],
	ST: [11, 3],
	TH: [17, 5]
};

describe('KREISE', () => {
	it('has 400 entries: 294 Landkreise and 106 kreisfreie Städte', () => {
		expect(KREISE).toHaveLength(400);
		expect(KREISE.filter((k) => k.kind === 'landkreis')).toHaveLength(294);
		expect(KREISE.filter((k) => k.kind === 'kreisfreie_stadt')).toHaveLength(106);
	});

	it('has unique ags codes', () => {
		expect(new Set(KREISE.map((k) => k.ags)).size).toBe(KREISE.length);
	});

	it('has unique names', () => {
		expect(new Set(KREISE.map((k) => k.name)).size).toBe(KREISE.length);
	});

	it('is sorted by ags', () => {
		const sorted = [...KREISE].map((k) => k.ags).sort();
		expect(KREISE.map((k) => k.ags)).toEqual(sorted);
	});

	it('has 5-digit ags whose first two digits match the Land', () => {
		for (const k of KREISE) {
			expect(k.ags, k.name).toMatch(/^\d{5}$/);
			expect(k.ags.slice(0, 2), `${k.ags} ${k.name}`).toBe(LAND_PREFIX[k.land]);
			expect(k.name.trim(), k.ags).not.toBe('');
		}
	});

	it('has the expected number of Landkreise and kreisfreie Städte per Land', () => {
		for (const land of Object.keys(EXPECTED_COUNTS) as Bundesland[]) {
			const inLand = KREISE.filter((k) => k.land === land);
			const counts = [
				inLand.filter((k) => k.kind === 'landkreis').length,
				inLand.filter((k) => k.kind === 'kreisfreie_stadt').length
			];
			expect(counts, land).toEqual(EXPECTED_COUNTS[land]);
		}
	});

	it('contains the MIGOEK districts', () => {
		const byAgs = new Map(KREISE.map((k) => [k.ags, k]));
		expect(byAgs.get('03453')).toEqual({ ags: '03453', name: 'Cloppenburg', kind: 'landkreis', land: 'NI' });
		expect(byAgs.get('03255')).toEqual({ ags: '03255', name: 'Holzminden', kind: 'landkreis', land: 'NI' });
		expect(byAgs.get('06636')).toEqual({
			ags: '06636',
			name: 'Werra-Meißner-Kreis',
			kind: 'landkreis',
			land: 'HE'
		});
	});

	it('contains the special cases with their expected kind', () => {
		const byAgs = new Map(KREISE.map((k) => [k.ags, k]));
		expect(byAgs.get('11000')).toMatchObject({ name: 'Berlin', kind: 'kreisfreie_stadt' });
		expect(byAgs.get('02000')).toMatchObject({ name: 'Hamburg', kind: 'kreisfreie_stadt' });
		expect(byAgs.get('04011')).toMatchObject({ name: 'Bremen', kind: 'kreisfreie_stadt' });
		expect(byAgs.get('04012')).toMatchObject({ name: 'Bremerhaven', kind: 'kreisfreie_stadt' });
		expect(byAgs.get('03241')).toMatchObject({ name: 'Region Hannover', kind: 'landkreis' });
		expect(byAgs.get('05334')).toMatchObject({ name: 'StädteRegion Aachen', kind: 'landkreis' });
		expect(byAgs.get('10041')).toMatchObject({ name: 'Regionalverband Saarbrücken', kind: 'landkreis' });
		// Dissolved: Eisenach (2021), Osterode am Harz (2016).
		expect(byAgs.has('16056')).toBe(false);
		expect(byAgs.has('03156')).toBe(false);
	});
});

describe('BUNDESLAENDER', () => {
	it('names all 16 Länder and every Kreis refers to one of them', () => {
		expect(Object.keys(BUNDESLAENDER)).toHaveLength(16);
		for (const k of KREISE) expect(BUNDESLAENDER[k.land], k.ags).toBeTruthy();
	});
});
