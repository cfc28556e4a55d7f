CREATE TABLE "attempt_answers" (
	"attempt_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"response" jsonb NOT NULL,
	"score" real NOT NULL,
	"max_score" real NOT NULL,
	"correct" boolean NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attempt_answers_attempt_id_item_id_pk" PRIMARY KEY("attempt_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"lesson_id" text NOT NULL,
	"version_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"orders" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" real,
	"max_score" real,
	"passed" boolean,
	CONSTRAINT "attempts_enrolmentId_lessonId_number_unique" UNIQUE("enrolment_id","lesson_id","number")
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"enrolment_id" uuid NOT NULL,
	"survey_id" text NOT NULL,
	"phase" text NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_enrolment_id_survey_id_phase_pk" PRIMARY KEY("enrolment_id","survey_id","phase")
);
--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_version_id_course_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."course_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempts_enrolment_id_lesson_id_index" ON "attempts" USING btree ("enrolment_id","lesson_id");