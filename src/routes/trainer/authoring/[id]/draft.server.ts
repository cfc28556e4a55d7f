import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/db';
import { findEditableDraft } from '$lib/server/authoring';
import type { SessionUser } from '$lib/server/auth/session';

/** Every load and action of a draft's pages: a trainer (or admin) who may edit this draft, else 404. */
export async function requireDraft(locals: { user: SessionUser | null }, id: string, url?: URL) {
	const user = requireRole(locals, 'trainer', url);
	const draft = await findEditableDraft(getDb(), user, id);
	if (!draft) error(404, 'not found');
	return { user, draft };
}
