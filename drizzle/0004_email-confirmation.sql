ALTER TABLE "users" ADD COLUMN "email_confirmed_at" timestamp with time zone;--> statement-breakpoint
-- Accounts that existed before confirmation was required were created by admins, invitations or demo data.
UPDATE "users" SET "email_confirmed_at" = "created_at";
