import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { createUser, setUserActive } from '../users';
import { attemptLogin } from './login';
import { MAX_PER_ACCOUNT, MAX_PER_ADDRESS } from './rate-limit';

const database = useTestDatabase();
const PW = 'correct horse battery';

async function user(email: string) {
	return createUser(database().db, { email, name: 'L', password: PW, roles: [{ role: 'learner', organisationId: null }] }, null);
}

describe('attemptLogin', () => {
	it('accepts the right password, case-insensitive e-mail, and returns the roles', async () => {
		await user('ok@test.example');
		const r = await attemptLogin(database().db, { email: ' OK@Test.Example ', password: PW, ip: '10.0.0.1' });
		expect(r).toMatchObject({ ok: true, roles: ['learner'] });
	});

	it('answers an unknown e-mail exactly like a wrong password', async () => {
		await user('known@test.example');
		const wrong = await attemptLogin(database().db, { email: 'known@test.example', password: 'nope', ip: '10.0.0.2' });
		const unknown = await attemptLogin(database().db, { email: 'nobody@test.example', password: 'nope', ip: '10.0.0.2' });
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual(wrong);
	});

	it('refuses a deactivated account with the same answer', async () => {
		const u = await user('gone@test.example');
		await setUserActive(database().db, u.id, false, u.id);
		const r = await attemptLogin(database().db, { email: 'gone@test.example', password: PW, ip: '10.0.0.3' });
		expect(r).toEqual({ ok: false, reason: 'invalid' });
	});

	it('locks an account after repeated failures, even for the right password, and tells for how long', async () => {
		await user('locked@test.example');
		const now = new Date('2026-03-01T10:00:00Z');
		for (let i = 0; i < MAX_PER_ACCOUNT; i++) {
			await attemptLogin(database().db, { email: 'locked@test.example', password: 'x', ip: `10.1.0.${i}` }, now);
		}
		const r = await attemptLogin(database().db, { email: 'locked@test.example', password: PW, ip: '10.1.1.1' }, now);
		expect(r).toEqual({ ok: false, reason: 'rate_limited', retryAfterMinutes: 15 });
		const later = new Date(now.getTime() + 16 * 60_000);
		expect(await attemptLogin(database().db, { email: 'locked@test.example', password: PW, ip: '10.1.1.1' }, later)).toMatchObject({ ok: true });
	});

	it('limits one address trying many accounts', async () => {
		const now = new Date('2026-03-02T10:00:00Z');
		for (let i = 0; i < MAX_PER_ADDRESS; i++) {
			await attemptLogin(database().db, { email: `spray${i}@test.example`, password: 'x', ip: '10.9.9.9' }, now);
		}
		await user('victim@test.example');
		const r = await attemptLogin(database().db, { email: 'victim@test.example', password: PW, ip: '10.9.9.9' }, now);
		expect(r).toMatchObject({ ok: false, reason: 'rate_limited' });
		const other = await attemptLogin(database().db, { email: 'victim@test.example', password: PW, ip: '10.9.9.8' }, now);
		expect(other).toMatchObject({ ok: true });
	});
});
