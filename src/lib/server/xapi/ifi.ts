/**
 * Inverse functional identifiers as one comparable string each, the key of agents in columns, link rows and
 * documents. Two agents are the same when the same IFI has the same value (1.0.3 §2.4.2.3); the prefix keeps
 * the four kinds apart, and an account joins homePage and name with a space (an IRI never contains one).
 */
export type Json = Record<string, unknown>;

export function ifiOf(agent: Json | undefined): string | null {
	if (!agent) return null;
	if (typeof agent.mbox === 'string') return `mbox:${agent.mbox}`;
	if (typeof agent.mbox_sha1sum === 'string') return `mbox_sha1sum:${agent.mbox_sha1sum.toLowerCase()}`;
	if (typeof agent.openid === 'string') return `openid:${agent.openid}`;
	const account = agent.account as Json | undefined;
	if (account && typeof account.homePage === 'string' && typeof account.name === 'string') return `account:${account.homePage} ${account.name}`;
	return null;
}

/** The agent itself and, for a group, its members: who counts as "the actor" for the agent filter. */
export function agentIfis(agent: Json | undefined): string[] {
	if (!agent) return [];
	const out: string[] = [];
	const own = ifiOf(agent);
	if (own) out.push(own);
	if (agent.objectType === 'Group' && Array.isArray(agent.member)) {
		for (const m of agent.member as Json[]) {
			const id = ifiOf(m);
			if (id) out.push(id);
		}
	}
	return out;
}

/** The Person object of the agents resource: every IFI and name known for one agent, as arrays. */
export function personOf(agent: Json): Json {
	const person: Json = { objectType: 'Person' };
	if (typeof agent.name === 'string') person.name = [agent.name];
	for (const key of ['mbox', 'mbox_sha1sum', 'openid', 'account']) if (agent[key] !== undefined) person[key] = [agent[key]];
	return person;
}
