CREATE TABLE "eval_first_attempts" (
	"enrolment_id" uuid NOT NULL,
	"lesson_id" text NOT NULL,
	"answers" json NOT NULL,
	CONSTRAINT "eval_first_attempts_enrolment_id_lesson_id_pk" PRIMARY KEY("enrolment_id","lesson_id")
);
--> statement-breakpoint
ALTER TABLE "eval_first_attempts" ADD CONSTRAINT "eval_first_attempts_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Backfill: the answers of every learner's first submitted attempt per lesson (evaluation/first-answers.ts).
INSERT INTO "eval_first_attempts" ("enrolment_id", "lesson_id", "answers")
SELECT t.enrolment_id, t.lesson_id, json_object_agg(aa.item_id, json_build_array(
	CASE WHEN aa.max_score > 0 THEN aa.score / aa.max_score ELSE 0 END,
	CASE WHEN jsonb_typeof(aa.response -> 'choice') = 'string' THEN aa.response ->> 'choice' END,
	CASE WHEN jsonb_typeof(aa.response -> 'choices') = 'array' THEN array(SELECT jsonb_array_elements_text(aa.response -> 'choices')) END,
	CASE WHEN jsonb_typeof(aa.response -> 'value') = 'boolean' THEN (aa.response -> 'value')::boolean END) ORDER BY aa.item_id)
FROM (SELECT DISTINCT ON (enrolment_id, lesson_id) id FROM attempts WHERE submitted_at IS NOT NULL ORDER BY enrolment_id, lesson_id, number) f
JOIN attempts t ON t.id = f.id
JOIN attempt_answers aa ON aa.attempt_id = t.id
GROUP BY t.enrolment_id, t.lesson_id;
