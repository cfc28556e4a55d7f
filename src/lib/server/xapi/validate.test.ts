import { describe, expect, it } from 'vitest';
import { validateStatement } from './validate';

const ok = () => ({
	actor: { mbox: 'mailto:a@example.org' },
	verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
	object: { id: 'http://example.org/activity' }
});
const check = (s: unknown, version: '1.0' | '2.0' = '1.0') => () => validateStatement(s, 'statement[3]', version);

describe('statement validation', () => {
	it('accepts a minimal statement', () => {
		expect(check(ok())).not.toThrow();
	});
	it.each([
		[{ ...ok(), actor: { mbox: 'a@example.org' } }, 'statement[3].actor.mbox: must be a mailto IRI'],
		[{ ...ok(), actor: { mbox: 'mailto:a@b.c', openid: 'http://x.org/a' } }, 'statement[3].actor: an Agent needs exactly one'],
		[{ ...ok(), verb: { display: { en: 'x' } } }, 'statement[3].verb.id: is required'],
		[{ ...ok(), verb: { id: 'http://x.org/v', display: { 'not a tag': 'x' } } }, 'statement[3].verb.display.not a tag: is not an RFC 5646'],
		[{ ...ok(), extra: 1 }, 'statement[3].extra: is not allowed here'],
		[{ ...ok(), result: { success: null } }, 'statement[3].result.success: must not be null'],
		[{ ...ok(), result: { duration: 'PT1H1' } }, 'statement[3].result.duration: must be an ISO 8601 duration'],
		[{ ...ok(), result: { score: { scaled: 1.5 } } }, 'statement[3].result.score.scaled: must be between -1 and 1'],
		[{ ...ok(), result: { score: { raw: 5, max: 4 } } }, 'statement[3].result.score.raw: must not be above max'],
		[{ ...ok(), id: 'nope' }, 'statement[3].id: must be a UUID'],
		[{ ...ok(), timestamp: '2026-01-01T00:00:00-00:00' }, 'statement[3].timestamp'],
		[{ ...ok(), object: { objectType: 'StatementRef', id: 'x' } }, 'statement[3].object.id: must be a UUID'],
		[{ ...ok(), verb: { id: 'http://adlnet.gov/expapi/verbs/voided' } }, 'statement[3].object: a voiding statement must target a StatementRef'],
		[{ ...ok(), object: { objectType: 'Agent', mbox: 'mailto:x@y.z' }, context: { platform: 'x' } }, 'statement[3].context.platform: is only allowed'],
		[{ ...ok(), actor: { objectType: 'Group' } }, 'statement[3].actor.member: an anonymous Group needs members'],
		[{ ...ok(), object: { objectType: 'SubStatement', ...ok(), id: crypto.randomUUID() } }, 'statement[3].object.id: is not allowed here'],
		[{ ...ok(), context: { extensions: { notiri: 1 } } }, 'statement[3].context.extensions.notiri: extension keys must be IRIs'],
		[{ ...ok(), result: { duration: 'P4W1D' } }, 'statement[3].result.duration: must be an ISO 8601 duration'],
		[{ ...ok(), authority: { objectType: 'Group', mbox: 'mailto:g@x.org', member: [{ mbox: 'mailto:a@x.org' }, { account: { homePage: 'http://x.org', name: 'app' } }] } }, 'statement[3].authority: a Group authority'],
		[{ ...ok(), version: '2.0.0' }, 'statement[3].version: must be a 1.0.x version']
	])('rejects %j', (statement, message) => {
		expect(check(statement)).toThrow(message);
	});
	it('allows null inside extensions and 2.0 context agents only in 2.0', () => {
		const s = { ...ok(), context: { extensions: { 'http://x.org/e': null }, contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:i@x.org' } }] } };
		expect(check(s, '2.0')).not.toThrow();
		expect(check(s, '1.0')).toThrow('statement[3].context.contextAgents: is not allowed here');
	});
});

describe('2.0.0 context agents and groups', () => {
	const withContext = (context: unknown) => ({ ...ok(), context });
	it('refuses an empty relevantTypes list and accepts a filled one', () => {
		const agent = { objectType: 'Agent', mbox: 'mailto:t@example.org' };
		expect(check(withContext({ contextAgents: [{ objectType: 'contextAgent', agent, relevantTypes: [] }] }), '2.0')).toThrow('statement[3].context.contextAgents[0].relevantTypes: must not be empty');
		const group = { objectType: 'Group', member: [agent] };
		expect(check(withContext({ contextGroups: [{ objectType: 'contextGroup', group, relevantTypes: [] }] }), '2.0')).toThrow('relevantTypes: must not be empty');
		expect(check(withContext({ contextAgents: [{ objectType: 'contextAgent', agent, relevantTypes: ['http://example.org/types/coach'] }] }), '2.0')).not.toThrow();
	});
});
