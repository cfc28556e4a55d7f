import { m } from '$lib/paraglide/messages';

/** The message for one problem of a CSV import, in the page's language. */
export function problemText(p: { code: string; value?: string; firstLine?: number; column?: string | null }): string {
	const value = p.value ?? '';
	switch (p.code) {
		case 'empty_file':
			return m.manage_import_problem_empty_file();
		case 'missing_column':
			return m.manage_import_problem_missing_column({ column: p.column ?? '' });
		case 'too_many_rows':
			return m.manage_import_problem_too_many_rows({ count: value, max: 20000 });
		case 'name_missing':
			return m.manage_import_problem_name_missing();
		case 'name_too_long':
			return m.manage_import_problem_name_too_long();
		case 'email_missing':
			return m.manage_import_problem_email_missing();
		case 'email_invalid':
			return m.manage_import_problem_email_invalid({ value });
		case 'email_duplicate':
			return m.manage_import_problem_email_duplicate({ value, line: p.firstLine ?? 0 });
		case 'email_other_organisation':
			return m.manage_import_problem_email_other_organisation({ value });
		case 'unit_unknown':
			return m.manage_import_problem_unit_unknown({ value });
		case 'course_unknown':
			return m.manage_import_problem_course_unknown({ value });
		case 'due_date_invalid':
			return m.manage_import_problem_due_date_invalid({ value });
		case 'due_date_without_courses':
			return m.manage_import_problem_due_date_without_courses();
		default:
			return p.code;
	}
}
