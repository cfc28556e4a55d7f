import { describe, expect, it } from 'vitest';
import { inviteSchema, splitAddresses } from './manage';

describe('invitation form', () => {
	it('takes addresses one per line or separated by commas, semicolons, spaces, without duplicates', () => {
		expect(splitAddresses('a@x.de\nB@x.de, c@x.de; <d@x.de>  a@x.de')).toEqual(['a@x.de', 'b@x.de', 'c@x.de', 'd@x.de']);
	});

	it('names the addresses that are not valid', () => {
		const r = inviteSchema.safeParse({ emails: 'gut@x.de\nschlecht@\nauch schlecht', unit: '' });
		expect(r.success).toBe(false);
		expect(r.error?.issues[0]?.message).toContain('schlecht@, auch, schlecht');
	});
});
