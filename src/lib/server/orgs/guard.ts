import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '../db';
import { requireOrgAccess } from '../auth/guards';
import type { SessionUser } from '../auth/session';
import { getOrganisation } from '.';

type LocalsLike = { user: SessionUser | null };
type UrlLike = { pathname: string; search: string };

/**
 * For every load and action under /manage/[orgId]: the user must manage this organisation (admins may
 * manage any). A malformed id, an unknown organisation and a foreign one all answer 404, so a manager cannot
 * even learn which organisations exist.
 */
export async function requireManagedOrganisation(locals: LocalsLike, orgId: string, url?: UrlLike) {
	if (!z.uuid().safeParse(orgId).success) {
		if (!locals.user) requireOrgAccess(locals, orgId, 'org_manager', url);
		error(404, 'not found');
	}
	const user = requireOrgAccess(locals, orgId, 'org_manager', url);
	const org = await getOrganisation(getDb(), orgId);
	if (!org) error(404, 'not found');
	return { user, org };
}
