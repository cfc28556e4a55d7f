import { m } from '$lib/paraglide/messages';

export const mailStatusLabel = (status: string): string =>
	({
		held: m.admin_mail_status_held(),
		pending: m.admin_mail_status_pending(),
		sent: m.admin_mail_status_sent(),
		failed: m.admin_mail_status_failed()
	})[status] ?? status;
