import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificateIssuers, certificates, type Certificate } from '../db/schema';
import { hasRole, isAdmin } from '../auth/guards';
import type { SessionUser } from '../auth/session';
import type { PdfLogo } from './pdf';

export async function getCertificate(db: DbOrTx, id: string): Promise<Certificate | undefined> {
	const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
	return row;
}

export async function certificateByCode(db: DbOrTx, code: string): Promise<Certificate | undefined> {
	const [row] = await db.select().from(certificates).where(eq(certificates.code, code));
	return row;
}

/** The holder's certificates, newest first; replaced ones are left out (their successor is listed). */
export async function certificatesOfUser(db: DbOrTx, userId: string, courseId?: string): Promise<Certificate[]> {
	return db
		.select()
		.from(certificates)
		.where(and(eq(certificates.userId, userId), isNull(certificates.supersededById), courseId ? eq(certificates.courseId, courseId) : undefined))
		.orderBy(desc(certificates.issuedAt));
}

/** The holder, admins, and trainers of the issuing organisation may see (and download) a certificate. */
export function maySee(user: SessionUser, c: Certificate): boolean {
	return c.userId === user.id || mayManage(user, c);
}

/** Revocation and reissue: admins, and trainers of the organisation that issued it. */
export function mayManage(user: SessionUser, c: Certificate): boolean {
	if (isAdmin(user)) return true;
	return !!c.issuerOrgId && hasRole(user, 'trainer', c.issuerOrgId);
}

export async function issuerLogo(db: DbOrTx, organisationId: string | null): Promise<PdfLogo | null> {
	if (!organisationId) return null;
	const [row] = await db
		.select({ logo: certificateIssuers.logo, type: certificateIssuers.logoType })
		.from(certificateIssuers)
		.where(eq(certificateIssuers.organisationId, organisationId));
	return row?.logo && row.type ? { bytes: row.logo, type: row.type } : null;
}
