/**
 * Reads one item's answer from a submitted form. Field names: `<item>` (single, true/false, incident choice;
 * repeated for multiple), `<item>.<left>` (matching), `<item>.order` repeated in order (ordering),
 * `<item>.<gap>` (cloze), `<item>.rate.<option>` (incident ratings). Any id the item does not have is
 * tampering and rejects the whole submission; an unanswered part is allowed (it scores nothing).
 */
import type { Incident, Quiz } from '../courses/model';
import type { Response } from './scoring';

export class TamperedFormError extends Error {
	constructor(readonly itemId: string, detail: string) {
		super(`item ${itemId}: ${detail}`);
	}
}

type Values = Record<string, string | string[]>;
const all = (v: Values, key: string): string[] => {
	const x = v[key];
	return x === undefined ? [] : Array.isArray(x) ? x : [x];
};
const one = (v: Values, key: string): string | null => {
	const list = all(v, key);
	return list.length ? list[list.length - 1]! : null;
};

export function readResponse(item: Quiz | Incident, v: Values): Response {
	const id = item.id;
	const fail = (detail: string): never => {
		throw new TamperedFormError(id, detail);
	};
	const oneOf = (value: string | null, ids: string[]) => {
		if (value !== null && value !== '' && !ids.includes(value)) fail(`unknown option "${value}"`);
		return value || null;
	};
	if (item.kind === 'incident') {
		const ids = item.options.map((o) => o.id);
		const choice = oneOf(one(v, id), ids);
		if (!item.rateEach) return { type: 'incident', choice };
		const ratings: Record<string, number | null> = {};
		for (const o of item.options) {
			const raw = one(v, `${id}.rate.${o.id}`);
			if (raw === null || raw === '') ratings[o.id] = null;
			else {
				const n = Number(raw);
				if (!Number.isInteger(n) || n < 0 || n > item.points) fail(`rating out of range for "${o.id}"`);
				ratings[o.id] = n;
			}
		}
		return { type: 'incident', choice, ratings };
	}
	switch (item.type) {
		case 'single':
			return { type: 'single', choice: oneOf(one(v, id), item.options.map((o) => o.id)) };
		case 'multiple': {
			const ids = item.options.map((o) => o.id);
			const choices = [...new Set(all(v, id).filter(Boolean))];
			for (const c of choices) oneOf(c, ids);
			return { type: 'multiple', choices };
		}
		case 'true-false': {
			const raw = one(v, id);
			if (raw !== null && raw !== '' && raw !== 'true' && raw !== 'false') fail('true/false expected');
			return { type: 'true-false', value: raw === 'true' ? true : raw === 'false' ? false : null };
		}
		case 'matching': {
			const ids = item.pairs.map((p) => p.id);
			const matches: Record<string, string | null> = {};
			for (const p of item.pairs) matches[p.id] = oneOf(one(v, `${id}.${p.id}`), ids);
			return { type: 'matching', matches };
		}
		case 'ordering': {
			const ids = item.items.map((i) => i.id);
			const order = all(v, `${id}.order`);
			if (order.length && (order.length !== ids.length || new Set(order).size !== ids.length || order.some((o) => !ids.includes(o))))
				fail('the order must name every item once');
			return { type: 'ordering', order };
		}
		case 'cloze': {
			const gaps: Record<string, string> = {};
			for (const gap of Object.keys(item.gaps)) gaps[gap] = (one(v, `${id}.${gap}`) ?? '').slice(0, 200);
			return { type: 'cloze', gaps };
		}
	}
}

/** True when the learner gave no answer at all (nothing chosen, nothing typed). */
export function isEmptyResponse(r: Response): boolean {
	switch (r.type) {
		case 'single':
		case 'incident':
			return r.choice === null;
		case 'multiple':
			return r.choices.length === 0;
		case 'true-false':
			return r.value === null;
		case 'matching':
			return Object.values(r.matches).every((m) => !m);
		case 'ordering':
			return r.order.length === 0;
		case 'cloze':
			return Object.values(r.gaps).every((g) => !g.trim());
	}
}
