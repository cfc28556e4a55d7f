import { isAdmin, orgScope } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { getOrganisations, listOrganisations } from '$lib/server/orgs';
import type { SessionUser } from '$lib/server/auth/session';

/** The organisations a trainer may create courses for: their scoped ones, or every one when unscoped. */
export async function ownerChoices(user: SessionUser) {
	const scope = isAdmin(user) ? null : orgScope(user, 'trainer');
	const db = getDb();
	const orgs = scope === null ? await listOrganisations(db) : await getOrganisations(db, scope);
	return orgs.map((o) => ({ id: o.id, name: o.name }));
}
