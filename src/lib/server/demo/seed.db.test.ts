import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../../tests/setup/db';
import { attemptLogin } from '../auth/login';
import { countUsers } from '../users';
import { listOrganisations } from '../orgs';
import { getSetting } from '../settings';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS } from './accounts';
import { resetDatabase, seedDemoIfEmpty } from './seed';

const database = useTestDatabase();

describe('demo data', () => {
	it('seeds an empty database once, with one working account per role', async () => {
		const db = database().db;
		expect(await seedDemoIfEmpty(db)).toBe(true);
		expect(await seedDemoIfEmpty(db)).toBe(false);
		expect(await countUsers(db)).toBe(DEMO_ACCOUNTS.length);
		expect((await listOrganisations(db)).length).toBe(DEMO_ORGANISATIONS.length);
		const roles = new Set(DEMO_ACCOUNTS.flatMap((a) => a.roles.map((r) => r.role)));
		expect([...roles].sort()).toEqual(['admin', 'evaluator', 'learner', 'org_manager', 'trainer']);
		for (const a of DEMO_ACCOUNTS) {
			const r = await attemptLogin(db, { email: a.email, password: a.password, ip: '127.0.0.1' });
			expect(r.ok, a.email).toBe(true);
		}
		expect(await getSetting(db, 'signup_allowed')).toBe(true);
	});

	it('reset empties every table so the seed can run again', async () => {
		const db = database().db;
		await resetDatabase(db);
		expect(await countUsers(db)).toBe(0);
		expect(await seedDemoIfEmpty(db)).toBe(true);
	});
});
