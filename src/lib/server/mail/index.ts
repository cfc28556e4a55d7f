export { enqueueMail, listOutbox, countOutbox, getOutboxMail, claimDueMails, type MailRequest } from './outbox';
export { startMailWorker, createSmtpTransport, type MailWorker } from './worker';
export { MAIL_TEMPLATES, type MailTemplate } from './templates';
