import type { ScoredItem } from '../courses/model';
import type { ItemStats } from '../quiz/stats';

/** Below this share of full marks an item is flagged as very hard (or misleading); above the other, as too easy. */
export const HARD_BELOW = 0.3;
export const EASY_ABOVE = 0.95;

export type ItemFlag = { kind: 'hard' | 'easy'; share: number } | { kind: 'incident_disagrees'; optionId: string; share: number };

/**
 * What a trainer should look at for one item, from statistics that already respect the k ≥ 5 rule (no
 * flags without them): a share of full marks that is very low or very high, and for incidents a most
 * chosen option that the expert rating does not consider best.
 */
export function itemFlags(item: ScoredItem, stats: ItemStats): ItemFlag[] {
	if (stats.answered === null) return [];
	const flags: ItemFlag[] = [];
	if (stats.fullMarks !== null && stats.fullMarks < HARD_BELOW) flags.push({ kind: 'hard', share: stats.fullMarks });
	if (stats.fullMarks !== null && stats.fullMarks > EASY_ABOVE) flags.push({ kind: 'easy', share: stats.fullMarks });
	if (item.kind === 'incident' && stats.options?.length) {
		const best = Math.max(...item.options.map((o) => o.rating));
		const top = [...stats.options].sort((a, b) => b.share - a.share)[0]!;
		const rating = item.options.find((o) => o.id === top.id)?.rating;
		if (top.share > 0 && rating !== undefined && rating < best) flags.push({ kind: 'incident_disagrees', optionId: top.id, share: top.share });
	}
	return flags;
}

/** Where an item is written in a draft: the lesson file and the line of its `id:`, for a link into the editor. */
export function locateItem(files: Map<string, Uint8Array>, itemId: string): { file: string; line: number } | undefined {
	const pattern = new RegExp(`^\\s*id:\\s*["']?${itemId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`);
	for (const [file, bytes] of files) {
		if (!/^\d\d-[^/]+\.md$/.test(file)) continue;
		const lines = new TextDecoder().decode(bytes).split('\n');
		// After the front matter, whose `id:` is the lesson's own.
		const start = lines[0]?.trim() === '---' ? lines.findIndex((l, n) => n > 0 && l.trim() === '---') + 1 : 0;
		const i = lines.findIndex((l, n) => n >= start && pattern.test(l));
		if (i >= 0) return { file, line: i + 1 };
	}
	return undefined;
}
