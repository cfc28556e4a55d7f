import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH, formatCode, newVerificationCode, normaliseCode } from './code';

describe('verification codes', () => {
	it('carry at least 60 bits from an alphabet without look-alike characters', () => {
		expect(CODE_ALPHABET).toHaveLength(32);
		expect(new Set(CODE_ALPHABET).size).toBe(32);
		for (const ch of '01OI') expect(CODE_ALPHABET).not.toContain(ch);
		expect(CODE_LENGTH * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(60);
		const code = newVerificationCode();
		expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
	});

	it('are not repeated across many draws', () => {
		const seen = new Set(Array.from({ length: 2000 }, newVerificationCode));
		expect(seen.size).toBe(2000);
	});

	it('read back what a person typed, in any case and grouping, and refuse what cannot be a code', () => {
		const code = newVerificationCode();
		expect(normaliseCode(formatCode(code).toLowerCase())).toBe(code);
		expect(normaliseCode(` ${code.slice(0, 6)} ${code.slice(6)} `)).toBe(code);
		expect(formatCode('ABCDEFGHJKLM')).toBe('ABCD-EFGH-JKLM');
		expect(normaliseCode('ABCD-EFGH-JKL0')).toBeNull();
		expect(normaliseCode('ABCD-EFGH-JK')).toBeNull();
		expect(normaliseCode("'; drop table certificates; --")).toBeNull();
	});
});
