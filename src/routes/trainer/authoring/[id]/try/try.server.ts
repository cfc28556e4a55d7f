import type { Cookies } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { draftFiles } from '$lib/server/authoring';
import { decodeTryState, draftCourse, emptyTryState, encodeTryState, type TryState } from '$lib/server/authoring/try-out';
import type { SessionUser } from '$lib/server/auth/session';
import { requireDraft } from '../draft.server';

const COOKIE = 'lb_try';

/**
 * Every load and action of the preview: only those who may edit the draft (checked by requireDraft, 404
 * otherwise). The preview's answers live in a cookie scoped to this draft's preview path; nothing is stored.
 */
export async function tryContext(event: { locals: { user: SessionUser | null }; params: { id: string }; url: URL; cookies: Cookies }) {
	const { draft } = await requireDraft(event.locals, event.params.id, event.url);
	const files = await draftFiles(getDb(), draft.courseId);
	const { course, problems } = draftCourse(draft, files);
	const path = `/trainer/authoring/${draft.courseId}/try`;
	const state = course ? decodeTryState(event.cookies.get(COOKIE), course) : emptyTryState();
	const save = (next: TryState, keep: string) => {
		const value = encodeTryState(next, keep);
		if (value) event.cookies.set(COOKIE, value, { path, httpOnly: true, sameSite: 'lax' });
	};
	const reset = () => event.cookies.delete(COOKIE, { path });
	return { draft, course, problems, path, state, save, reset };
}
