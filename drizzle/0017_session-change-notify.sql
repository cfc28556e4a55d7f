-- The in-process session cache (src/lib/server/auth/session-cache.ts) of every app process drops a user's
-- entries when one of these fires: a session deleted (logout, password change, deactivation, expiry), the
-- user row changed (name, e-mail, locale, organisation, deactivation) or a role granted, changed or taken away.
-- Triggers rather than calls in the code: every writer is covered, scripts and manual SQL included.
CREATE FUNCTION lb_notify_session_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'users' THEN
		PERFORM pg_notify('lb_session_change', OLD.id::text);
	ELSIF TG_OP = 'INSERT' THEN
		PERFORM pg_notify('lb_session_change', NEW.user_id::text);
	ELSE
		PERFORM pg_notify('lb_session_change', OLD.user_id::text);
		IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id THEN
			PERFORM pg_notify('lb_session_change', NEW.user_id::text);
		END IF;
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER sessions_notify_session_change AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION lb_notify_session_user();--> statement-breakpoint
CREATE TRIGGER users_notify_session_change AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION lb_notify_session_user();--> statement-breakpoint
CREATE TRIGGER user_roles_notify_session_change AFTER INSERT OR UPDATE OR DELETE ON user_roles FOR EACH ROW EXECUTE FUNCTION lb_notify_session_user();
