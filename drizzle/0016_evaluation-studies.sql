CREATE TABLE "evaluation_studies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"key_check" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluation_studies" ADD CONSTRAINT "evaluation_studies_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_studies" ADD CONSTRAINT "evaluation_studies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_studies_organisation_id_index" ON "evaluation_studies" USING btree ("organisation_id");