import { m } from '$lib/paraglide/messages';
import { formatDate } from '$lib/format';
import type { CertificateState, Dashboard, PersonStatus } from './dashboard';

export type DashboardTable = 'summary' | 'people';

export function statusLabel(status: PersonStatus): string {
	return { completed: m.dash_status_completed(), overdue: m.dash_status_overdue(), started: m.dash_status_started(), not_started: m.dash_status_not_started() }[status];
}

export function certificateLabel(state: CertificateState): string {
	return { valid: m.dash_cert_valid(), expired: m.dash_cert_expired(), revoked: m.dash_cert_revoked(), none: m.dash_cert_none() }[state];
}

/**
 * The dashboard's tables as header + rows, in the request's language, for the CSV and XLSX downloads: the
 * same columns the page shows, nothing more. The people table does not exist when the organisation shows
 * counts only.
 */
export function dashboardTable(d: Dashboard, table: DashboardTable, locale: string): { header: string[]; rows: (string | number)[][] } | null {
	if (table === 'summary') {
		return {
			header: [m.dash_col_course(), m.dash_col_unit(), m.dash_col_assigned(), m.dash_col_started(), m.dash_col_completed(), m.dash_col_overdue(), m.dash_col_cert_valid(), m.dash_col_cert_expired()],
			rows: d.rows.map((r) => [r.courseTitle, r.total ? m.dash_all_units() : (r.unitName ?? m.manage_unit_none()), r.assigned, r.started, r.completed, r.overdue, r.certificateValid, r.certificateExpired])
		};
	}
	if (!d.people) return null;
	return {
		header: [m.dash_col_name(), m.dash_col_unit(), m.dash_col_course(), m.dash_col_due(), m.dash_col_status(), m.dash_col_completed_on(), m.dash_col_certificate()],
		rows: d.people.map((p) => [
			p.name,
			p.unitName ?? '',
			p.courseTitle,
			p.dueDate ? formatDate(p.dueDate, locale) : '',
			statusLabel(p.status),
			p.completedOn ? formatDate(p.completedOn, locale) : '',
			certificateLabel(p.certificate)
		])
	};
}
