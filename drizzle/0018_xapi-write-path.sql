ALTER TABLE "xapi_statement_activities" DROP CONSTRAINT "xapi_statement_activities_statement_sequence_xapi_statements_sequence_fk";
--> statement-breakpoint
ALTER TABLE "xapi_statement_agents" DROP CONSTRAINT "xapi_statement_agents_statement_sequence_xapi_statements_sequence_fk";
--> statement-breakpoint
ALTER TABLE "xapi_statements" DROP CONSTRAINT "xapi_statements_authority_client_id_lrs_clients_id_fk";
--> statement-breakpoint
ALTER TABLE "xapi_statements" DROP CONSTRAINT "xapi_statements_organisation_id_organisations_id_fk";
--> statement-breakpoint
DROP INDEX "xapi_statement_agents_ifi_stored_statement_sequence_primary_index";--> statement-breakpoint
CREATE INDEX "xapi_statement_agents_ifi_hash_stored_sequence_primary_index" ON "xapi_statement_agents" USING btree (hashtextextended("ifi", 0),"stored","statement_sequence","primary");