export { CODE_ALPHABET, CODE_LENGTH, formatCode, newVerificationCode, normaliseCode } from './code';
export { addMonths, currentCertificate, issueCertificateIfEarned, renewalDue, RENEWAL_WINDOW_DAYS, type IssueResult } from './issue';
export { certificateStatuses, statusKey, statusOf, type CertificateStatus, type CertificateStatusRow } from './status';
export { getIssuer, issuerForCourse, saveIssuer, setCourseIssuer, PLATFORM_ISSUER_NAME, type ResolvedIssuer } from './issuers';
export { platformKey, publishedKeys } from './keys';
export { certificateByCode, certificatesOfUser, getCertificate, issuerLogo, mayManage, maySee } from './access';
export { certificateText, longDate, verifyUrl, type CertificateText } from './text';
