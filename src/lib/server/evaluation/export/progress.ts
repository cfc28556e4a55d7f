/**
 * How far a running statement export is, for the progress element on /evaluate: the page names the export
 * with a random token (a hidden field that only the script sets), the download streams as usual, and the
 * page asks `/evaluate/export/progress?token=…` once a second. Kept in this process's memory only — a
 * few numbers per export, dropped after a quarter of an hour — so a cancelled download leaves nothing
 * behind; with several app processes the page may ask another one and then shows no figure.
 */
export type ExportState = 'running' | 'done' | 'cancelled' | 'failed';

export interface ExportProgress {
	/** Data rows handed to the download so far. */
	rows: number;
	/** Rows the export will have (counted while it starts streaming); null until known. */
	total: number | null;
	state: ExportState;
	updated: number;
}

const KEEP_MS = 15 * 60_000;
const MAX_ENTRIES = 1000;
const entries = new Map<string, ExportProgress>();

export const TOKEN = /^[A-Za-z0-9-]{16,64}$/;
const key = (userId: string, token: string) => `${userId} ${token}`;

function prune(now: number) {
	for (const [k, p] of entries) if (now - p.updated > KEEP_MS || entries.size > MAX_ENTRIES) entries.delete(k);
}

/** Starts tracking an export for this user under the page's token (a new run with the same token restarts it). */
export function trackExport(userId: string, token: string): ExportProgress {
	const now = Date.now();
	prune(now);
	const p: ExportProgress = { rows: 0, total: null, state: 'running', updated: now };
	entries.set(key(userId, token), p);
	return p;
}

/** What the user's own export under this token has done; undefined when unknown (other user, expired). */
export function exportProgress(userId: string, token: string): ExportProgress | undefined {
	return entries.get(key(userId, token));
}

export function addRows(p: ExportProgress | undefined, n: number) {
	if (!p) return;
	p.rows += n;
	p.updated = Date.now();
}

/**
 * Passes the archive's bytes through and records how it ended: `done` after the last byte, `cancelled`
 * when the client stopped reading (closed tab, aborted download), `failed` on an error.
 */
export async function* tracked<T>(source: AsyncGenerator<T>, p: ExportProgress | undefined): AsyncGenerator<T> {
	let finished = false;
	try {
		for await (const chunk of source) yield chunk;
		finished = true;
	} catch (err) {
		if (p) p.state = 'failed';
		throw err;
	} finally {
		if (p && p.state === 'running') p.state = finished ? 'done' : 'cancelled';
		// A small export can end before the count beside it answers: when done, the rows written are the total.
		if (p && finished && p.total === null) p.total = p.rows;
		if (p) p.updated = Date.now();
	}
}
