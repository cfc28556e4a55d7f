import { generateSessionToken, sessionIdFromToken } from './session';

/**
 * Tokens for links sent by mail (reset, e-mail change, invitation): the same scheme as session tokens —
 * 160 random bits for the link, only their SHA-256 in the database.
 */
export function newOneTimeToken(): { token: string; id: string } {
	const token = generateSessionToken();
	return { token, id: sessionIdFromToken(token) };
}

export const hashOneTimeToken = sessionIdFromToken;

/** What a link page shows: the form, or why the link no longer works. */
export type LinkState = 'valid' | 'used' | 'expired' | 'invalid';

export function linkState(
	row: { expiresAt: Date; usedAt?: Date | null; revokedAt?: Date | null } | null | undefined,
	now: Date
): LinkState {
	if (!row || row.revokedAt) return 'invalid';
	if (row.usedAt) return 'used';
	if (now >= row.expiresAt) return 'expired';
	return 'valid';
}

/** Token shape in URLs: lower-case base32, as generated. Anything else is not worth a database query. */
export const TOKEN_PATTERN = /^[a-z2-7]{32}$/;
