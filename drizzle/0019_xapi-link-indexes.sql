CREATE INDEX "xapi_statement_activities_activity_hash_stored_sequence_primary_index" ON "xapi_statement_activities" USING btree (hashtextextended("activity_id", 0),"stored","statement_sequence","primary");--> statement-breakpoint
DROP INDEX "xapi_statement_activities_activity_id_stored_statement_sequence_primary_index";--> statement-breakpoint
DROP INDEX "xapi_statement_activities_statement_sequence_index";--> statement-breakpoint
DROP INDEX "xapi_statement_agents_statement_sequence_index";
