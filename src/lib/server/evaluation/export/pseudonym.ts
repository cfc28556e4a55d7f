import { createHmac, randomBytes } from 'node:crypto';

/**
 * Pseudonyms for one export: HMAC-SHA-256 under a salt drawn for this export and never stored. The same
 * learner gets the same pseudonym everywhere in one export (pre/post and all statements link), a different
 * one in every other export, and nobody — not the evaluator, not an admin afterwards — can compute it from
 * an identity, because the salt is gone when the download ends.
 */
export interface Pseudonymiser {
	/** `p_` + 20 hex digits (80 bits) for an actor's IFI. */
	person(ifi: string): string;
	/** A UUID (version 4 layout) derived from another UUID, for registrations and statement ids. */
	uuid(kind: 'registration' | 'statement', id: string): string;
}

export function createPseudonymiser(salt: Uint8Array = randomBytes(32)): Pseudonymiser {
	// Bounded by the number of learners in the selection, not by the number of statements.
	const people = new Map<string, string>();
	const mac = (s: string) => createHmac('sha256', salt).update(s).digest('hex');
	return {
		person(ifi) {
			let p = people.get(ifi);
			if (!p) {
				p = 'p_' + mac(`person:${ifi}`).slice(0, 20);
				people.set(ifi, p);
			}
			return p;
		},
		uuid(kind, id) {
			const h = mac(`${kind}:${id.toLowerCase()}`);
			const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
			return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
		}
	};
}
