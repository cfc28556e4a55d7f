import { m } from '$lib/paraglide/messages';

export const statusLabel = (s: 'draft' | 'published' | 'archived') =>
	s === 'draft' ? m.author_status_draft() : s === 'published' ? m.author_status_published() : m.author_status_archived();
