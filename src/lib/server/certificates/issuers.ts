import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { certificateIssuers, courseCertificateIssuers, organisations, type CertificateIssuer } from '../db/schema';
import { getSetting } from '../settings';

/** The platform itself, for deployments that have not named an issuing organisation yet. */
export const PLATFORM_ISSUER_NAME = 'Lernbrücke';

export interface ResolvedIssuer {
	organisationId: string | null;
	name: string;
	signatoryName: string | null;
	signatoryRole: string | null;
	place: string | null;
}

/**
 * Who issues a course's certificates: the course's own issuing organisation, else the default issuer
 * (setting), else the platform. An organisation issues only once it has a signatory and place configured.
 */
export async function issuerForCourse(db: DbOrTx, courseId: string): Promise<ResolvedIssuer> {
	const [own] = await db
		.select({ organisationId: courseCertificateIssuers.organisationId })
		.from(courseCertificateIssuers)
		.where(eq(courseCertificateIssuers.courseId, courseId));
	const orgId = own?.organisationId ?? ((await getSetting(db, 'certificate_default_issuer')) || null);
	if (orgId) {
		const [row] = await db
			.select({ name: organisations.name, issuer: certificateIssuers })
			.from(certificateIssuers)
			.innerJoin(organisations, eq(organisations.id, certificateIssuers.organisationId))
			.where(eq(certificateIssuers.organisationId, orgId));
		if (row) {
			return {
				organisationId: orgId,
				name: row.name,
				signatoryName: row.issuer.signatoryName,
				signatoryRole: row.issuer.signatoryRole,
				place: row.issuer.place
			};
		}
	}
	return { organisationId: null, name: PLATFORM_ISSUER_NAME, signatoryName: null, signatoryRole: null, place: null };
}

export async function getIssuer(db: DbOrTx, organisationId: string): Promise<CertificateIssuer | undefined> {
	const [row] = await db.select().from(certificateIssuers).where(eq(certificateIssuers.organisationId, organisationId));
	return row;
}

export interface IssuerInput {
	signatoryName: string;
	signatoryRole: string | null;
	place: string;
}

/** Creates or updates an organisation's issuing details (the logo is set separately: setIssuerLogo). */
export async function saveIssuer(db: DbOrTx, organisationId: string, input: IssuerInput): Promise<void> {
	await db
		.insert(certificateIssuers)
		.values({ organisationId, ...input })
		.onConflictDoUpdate({ target: certificateIssuers.organisationId, set: { ...input, updatedAt: new Date() } });
}

export async function setCourseIssuer(db: DbOrTx, courseId: string, organisationId: string | null): Promise<void> {
	if (!organisationId) {
		await db.delete(courseCertificateIssuers).where(eq(courseCertificateIssuers.courseId, courseId));
		return;
	}
	await db
		.insert(courseCertificateIssuers)
		.values({ courseId, organisationId })
		.onConflictDoUpdate({ target: courseCertificateIssuers.courseId, set: { organisationId } });
}

/** Logos print at most 170 × 64 pt; half a megabyte is plenty for that and keeps every PDF small. */
export const MAX_LOGO_BYTES = 512 * 1024;

/** The image type by its magic bytes (never by the file name or the browser's claim), or null. */
export function logoTypeOf(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
	const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (bytes.length > 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
	if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	return null;
}

export type LogoProblem = 'type' | 'size' | 'no-issuer';

/** Stores an organisation's logo after checking type and size; the PDF reads it at rendering time. */
export async function setIssuerLogo(db: DbOrTx, organisationId: string, bytes: Uint8Array): Promise<LogoProblem | null> {
	if (bytes.length > MAX_LOGO_BYTES) return 'size';
	const type = logoTypeOf(bytes);
	if (!type) return 'type';
	const updated = await db
		.update(certificateIssuers)
		.set({ logo: bytes, logoType: type, updatedAt: new Date() })
		.where(eq(certificateIssuers.organisationId, organisationId))
		.returning({ id: certificateIssuers.organisationId });
	return updated.length ? null : 'no-issuer';
}
