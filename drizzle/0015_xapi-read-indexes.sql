-- One link row per statement and value: where a value was stored both as primary and as related, the
-- related row goes (related filters match primary rows too; see linksOf in src/lib/server/xapi/store.ts).
DELETE FROM "xapi_statement_activities" r USING "xapi_statement_activities" p WHERE NOT r."primary" AND p."primary" AND p."statement_sequence" = r."statement_sequence" AND p."activity_id" = r."activity_id";--> statement-breakpoint
DELETE FROM "xapi_statement_agents" r USING "xapi_statement_agents" p WHERE NOT r."primary" AND p."primary" AND p."statement_sequence" = r."statement_sequence" AND p."ifi" = r."ifi";--> statement-breakpoint
DROP INDEX "xapi_statement_activities_activity_id_primary_stored_statement_sequence_index";--> statement-breakpoint
DROP INDEX "xapi_statement_agents_ifi_primary_stored_statement_sequence_index";--> statement-breakpoint
DROP INDEX "xapi_statements_actor_ifi_stored_sequence_index";--> statement-breakpoint
CREATE INDEX "xapi_statement_activities_activity_id_stored_statement_sequence_primary_index" ON "xapi_statement_activities" USING btree ("activity_id","stored","statement_sequence","primary");--> statement-breakpoint
CREATE INDEX "xapi_statement_agents_ifi_stored_statement_sequence_primary_index" ON "xapi_statement_agents" USING btree ("ifi","stored","statement_sequence","primary");