/** Calendar dates in German time: a due date is a day, and "today" is the day in Germany, not in UTC. */
const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

export function berlinToday(now = new Date()): string {
	return berlin.format(now);
}

/** Whole days from `from` to `to` (both yyyy-mm-dd); negative when `to` lies before `from`. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Overdue from the day after the due date: the course is due by the end of that day. */
export function isOverdue(dueDate: string | null, completed: boolean, today: string): boolean {
	return !!dueDate && !completed && dueDate < today;
}

/** ISO 8601 week (e.g. 2026-W48), the period key of weekly summaries. */
export function isoWeek(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	const weekday = (d.getUTCDay() + 6) % 7;
	d.setUTCDate(d.getUTCDate() - weekday + 3);
	const year = d.getUTCFullYear();
	const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
	return `${year}-W${String(week).padStart(2, '0')}`;
}
