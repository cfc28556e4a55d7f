import { boolean, customType, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { courses, courseVersions } from './courses';
import { enrolments } from './learning';
import { organisations } from './orgs';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * How an organisation signs the certificates it issues. A certificate copies these values when it is
 * issued (a later change of signatory or place never alters a certificate already handed out); the logo is
 * read at rendering time and kept by content type checked from its bytes.
 */
export const certificateIssuers = pgTable('certificate_issuers', {
	organisationId: uuid()
		.primaryKey()
		.references(() => organisations.id, { onDelete: 'cascade' }),
	signatoryName: text().notNull(),
	signatoryRole: text(),
	place: text().notNull(),
	logo: bytea(),
	logoType: text().$type<'image/png' | 'image/jpeg'>(),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** A course issued by a particular organisation; courses without a row use the default issuer (settings). */
export const courseCertificateIssuers = pgTable('course_certificate_issuers', {
	courseId: uuid()
		.primaryKey()
		.references(() => courses.id, { onDelete: 'cascade' }),
	organisationId: uuid()
		.notNull()
		.references(() => organisations.id, { onDelete: 'cascade' })
});

export interface CertificateOutline {
	lessons: string[];
	objectives: string[];
}

/**
 * One certificate as issued: everything printed on it is a snapshot, so it reads the same in ten years
 * whatever happens to the account, the course or the organisation. `generation` counts certificates for the
 * same learner and course version (1 = first issue; reissue after a name correction or renewal adds one) and
 * makes "issued once per version" a database constraint.
 */
export const certificates = pgTable(
	'certificates',
	{
		id: uuid().primaryKey().defaultRandom(),
		/** Unguessable, typable: 12 characters from a 32-letter alphabet (60 bits), stored without dashes. */
		code: text().notNull().unique(),
		/** The holder; null after the account is erased (the register keeps the certificate verifiable). */
		userId: uuid().references(() => users.id, { onDelete: 'set null' }),
		/** The enrolment = xAPI registration of the passing statement. */
		enrolmentId: uuid().references(() => enrolments.id, { onDelete: 'set null' }),
		courseId: uuid()
			.notNull()
			.references(() => courses.id),
		versionId: uuid()
			.notNull()
			.references(() => courseVersions.id),
		generation: integer().notNull().default(1),
		holderName: text().notNull(),
		courseTitle: text().notNull(),
		courseVersion: integer().notNull(),
		kind: text().$type<'zertifikat' | 'teilnahmebescheinigung'>().notNull(),
		/** A passed assessment stands behind it (always for a Zertifikat; for a Teilnahmebescheinigung if taken). */
		assessed: boolean().notNull(),
		workloadUe: real().notNull(),
		outline: jsonb().$type<CertificateOutline>().notNull(),
		issuerOrgId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
		issuerName: text().notNull(),
		signatoryName: text(),
		signatoryRole: text(),
		place: text(),
		language: text().$type<'de' | 'en'>().notNull(),
		issuedAt: timestamp({ withTimezone: true }).notNull(),
		validUntil: timestamp({ withTimezone: true }),
		revokedAt: timestamp({ withTimezone: true }),
		revokedReason: text(),
		revokedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		/** The xAPI statement that recorded the issuance; a revocation statement refers to it. */
		issuedStatementId: uuid(),
		/** The certificate that replaces this one, and why (a corrected name, or a renewal). */
		supersededById: uuid(),
		supersededReason: text().$type<'reissue' | 'renewal'>(),
		/** Expiry reminders already queued (idempotent across restarts). */
		reminded60At: timestamp({ withTimezone: true }),
		reminded14At: timestamp({ withTimezone: true }),
		/** The holder chose to download it as an Open Badge (publishing a badge discloses data: opt-in). */
		badgeOptInAt: timestamp({ withTimezone: true })
	},
	(t) => [
		unique('certificates_once_per_version').on(t.userId, t.versionId, t.generation),
		index().on(t.userId),
		index().on(t.courseId),
		index().on(t.validUntil)
	]
);

/**
 * The platform's signing keys (Ed25519) for Open Badges. Generated on first start; the private key lives
 * only in the database, never in the repository or the build.
 */
export const platformKeys = pgTable('platform_keys', {
	kid: text().primaryKey(),
	publicJwk: jsonb().$type<Record<string, string>>().notNull(),
	privatePkcs8: text().notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

export type Certificate = typeof certificates.$inferSelect;
export type CertificateIssuer = typeof certificateIssuers.$inferSelect;
