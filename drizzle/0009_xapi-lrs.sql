CREATE TABLE "lrs_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"organisation_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp (3) with time zone,
	CONSTRAINT "lrs_clients_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "xapi_activities" (
	"id" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_attachments" (
	"sha2" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"length" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"document_id" text NOT NULL,
	"activity_id" text,
	"agent_ifi" text,
	"registration" uuid,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"etag" text NOT NULL,
	"updated" timestamp (3) with time zone NOT NULL,
	"client_id" uuid,
	CONSTRAINT "xapi_documents_key" UNIQUE NULLS NOT DISTINCT("kind","activity_id","agent_ifi","registration","document_id")
);
--> statement-breakpoint
CREATE TABLE "xapi_statement_activities" (
	"statement_sequence" bigint NOT NULL,
	"activity_id" text NOT NULL,
	"primary" boolean NOT NULL,
	"stored" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_statement_agents" (
	"statement_sequence" bigint NOT NULL,
	"ifi" text NOT NULL,
	"primary" boolean NOT NULL,
	"stored" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_statements" (
	"sequence" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "xapi_statements_sequence_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"raw" jsonb NOT NULL,
	"stored" timestamp (3) with time zone NOT NULL,
	"actor_ifi" text,
	"verb_id" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text,
	"ref_target" uuid,
	"registration" uuid,
	"voided" boolean DEFAULT false NOT NULL,
	"authority_client_id" uuid,
	"organisation_id" uuid,
	CONSTRAINT "xapi_statements_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "lrs_clients" ADD CONSTRAINT "lrs_clients_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lrs_clients" ADD CONSTRAINT "lrs_clients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_documents" ADD CONSTRAINT "xapi_documents_client_id_lrs_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."lrs_clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statement_activities" ADD CONSTRAINT "xapi_statement_activities_statement_sequence_xapi_statements_sequence_fk" FOREIGN KEY ("statement_sequence") REFERENCES "public"."xapi_statements"("sequence") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statement_agents" ADD CONSTRAINT "xapi_statement_agents_statement_sequence_xapi_statements_sequence_fk" FOREIGN KEY ("statement_sequence") REFERENCES "public"."xapi_statements"("sequence") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_authority_client_id_lrs_clients_id_fk" FOREIGN KEY ("authority_client_id") REFERENCES "public"."lrs_clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_statements" ADD CONSTRAINT "xapi_statements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "xapi_documents_kind_activity_id_agent_ifi_updated_index" ON "xapi_documents" USING btree ("kind","activity_id","agent_ifi","updated");--> statement-breakpoint
CREATE INDEX "xapi_documents_agent_ifi_index" ON "xapi_documents" USING btree ("agent_ifi");--> statement-breakpoint
CREATE INDEX "xapi_statement_activities_activity_id_primary_stored_statement_sequence_index" ON "xapi_statement_activities" USING btree ("activity_id","primary","stored","statement_sequence");--> statement-breakpoint
CREATE INDEX "xapi_statement_activities_statement_sequence_index" ON "xapi_statement_activities" USING btree ("statement_sequence");--> statement-breakpoint
CREATE INDEX "xapi_statement_agents_ifi_primary_stored_statement_sequence_index" ON "xapi_statement_agents" USING btree ("ifi","primary","stored","statement_sequence");--> statement-breakpoint
CREATE INDEX "xapi_statement_agents_statement_sequence_index" ON "xapi_statement_agents" USING btree ("statement_sequence");--> statement-breakpoint
CREATE INDEX "xapi_statements_stored_sequence_index" ON "xapi_statements" USING btree ("stored","sequence");--> statement-breakpoint
CREATE INDEX "xapi_statements_verb_id_stored_sequence_index" ON "xapi_statements" USING btree ("verb_id","stored","sequence");--> statement-breakpoint
CREATE INDEX "xapi_statements_registration_stored_sequence_index" ON "xapi_statements" USING btree ("registration","stored","sequence");--> statement-breakpoint
CREATE INDEX "xapi_statements_actor_ifi_stored_sequence_index" ON "xapi_statements" USING btree ("actor_ifi","stored","sequence");--> statement-breakpoint
CREATE INDEX "xapi_statements_authority_client_id_stored_sequence_index" ON "xapi_statements" USING btree ("authority_client_id","stored","sequence");--> statement-breakpoint
CREATE INDEX "xapi_statements_ref_target_index" ON "xapi_statements" USING btree ("ref_target") WHERE "xapi_statements"."ref_target" is not null;