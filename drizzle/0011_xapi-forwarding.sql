CREATE TABLE "xapi_forward_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "xapi_forward_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"target_id" uuid NOT NULL,
	"statement_sequence" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp (3) with time zone,
	"last_status" smallint,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "xapi_forward_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"endpoint" text NOT NULL,
	"username" text NOT NULL,
	"password" text NOT NULL,
	"version" text NOT NULL,
	"verbs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"activities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"disabled_at" timestamp (3) with time zone,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "xapi_forward_outbox" ADD CONSTRAINT "xapi_forward_outbox_target_id_xapi_forward_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."xapi_forward_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_forward_outbox" ADD CONSTRAINT "xapi_forward_outbox_statement_sequence_xapi_statements_sequence_fk" FOREIGN KEY ("statement_sequence") REFERENCES "public"."xapi_statements"("sequence") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_forward_targets" ADD CONSTRAINT "xapi_forward_targets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "xapi_forward_outbox_due" ON "xapi_forward_outbox" USING btree ("next_attempt_at","id") WHERE "xapi_forward_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "xapi_forward_outbox_target_id_status_index" ON "xapi_forward_outbox" USING btree ("target_id","status");--> statement-breakpoint
CREATE INDEX "xapi_forward_outbox_statement_sequence_index" ON "xapi_forward_outbox" USING btree ("statement_sequence");