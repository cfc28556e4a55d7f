import { and, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificates, type Certificate } from '../db/schema';
import { normaliseCode } from './code';

export const SEARCH_LIMIT = 50;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Certificates for the admin and trainer pages, newest first: a query matches the verification code (typed
 * in any grouping) or a part of the holder's name. `issuerOrgIds` limits the result to what a trainer's
 * organisations issued (null: all), `courseId` to one course.
 */
export async function findCertificates(
	db: DbOrTx,
	filter: { query?: string; issuerOrgIds?: string[] | null; courseId?: string; limit?: number }
): Promise<Certificate[]> {
	const where: (SQL | undefined)[] = [];
	if (filter.issuerOrgIds) {
		if (!filter.issuerOrgIds.length) return [];
		where.push(inArray(certificates.issuerOrgId, filter.issuerOrgIds));
	}
	if (filter.courseId) where.push(eq(certificates.courseId, filter.courseId));
	const q = filter.query?.trim();
	if (q) {
		const code = normaliseCode(q);
		where.push(or(ilike(certificates.holderName, `%${escapeLike(q)}%`), code ? eq(certificates.code, code) : undefined));
	}
	return db
		.select()
		.from(certificates)
		.where(and(...where))
		.orderBy(desc(certificates.issuedAt))
		.limit(Math.min(filter.limit ?? SEARCH_LIMIT, 200));
}
