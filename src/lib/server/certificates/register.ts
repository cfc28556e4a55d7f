import type { Certificate } from '../db/schema';
import { formatCode } from './code';
import { statusOf } from './status';

/** A row of the certificate register (admin and trainer pages): who, what, which code and its state. */
export function registerRow(c: Certificate, now: Date = new Date()) {
	return {
		id: c.id,
		code: formatCode(c.code),
		holderName: c.holderName,
		courseTitle: c.courseTitle,
		lang: c.language,
		issuerName: c.issuerName,
		issuedAt: c.issuedAt.toISOString(),
		status: statusOf(c, now)
	};
}
export type RegisterRow = ReturnType<typeof registerRow>;
