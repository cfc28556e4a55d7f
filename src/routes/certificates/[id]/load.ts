import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import type { SessionUser } from '$lib/server/auth/session';
import { getCertificate, maySee } from '$lib/server/certificates';
import { getDb } from '$lib/server/db';

/** The certificate of the URL if the user may see it; 404 otherwise (its existence is not confirmed). */
export async function visibleCertificate(locals: { user: SessionUser | null }, url: URL, id: string) {
	const user = requireUser(locals, url);
	if (!z.uuid().safeParse(id).success) error(404, 'not found');
	const c = await getCertificate(getDb(), id);
	if (!c || !maySee(user, c)) error(404, 'not found');
	return { user, c };
}
