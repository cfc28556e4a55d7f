import { randomBytes } from 'node:crypto';

/**
 * Verification codes: 12 characters from 32 letters and digits = 60 bits from a CSPRNG, so guessing a valid
 * code is hopeless even without the rate limit. The alphabet leaves out 0/O, 1/I (the only pairs people
 * confuse in print), and 32 divides 256, so every character is equally likely.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;

export function newVerificationCode(): string {
	const bytes = randomBytes(CODE_LENGTH);
	let out = '';
	for (const b of bytes) out += CODE_ALPHABET[b % 32];
	return out;
}

/** `ABCD-EFGH-JKLM`, as printed and shown. */
export function formatCode(code: string): string {
	return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * What a person typed, made comparable: case, spaces and dashes do not matter. Returns null for anything
 * that cannot be a code, so a lookup is never made for it.
 */
export function normaliseCode(input: string): string | null {
	const cleaned = input.toUpperCase().replace(/[\s\-–—_.]/g, '');
	if (cleaned.length !== CODE_LENGTH) return null;
	for (const ch of cleaned) if (!CODE_ALPHABET.includes(ch)) return null;
	return cleaned;
}
