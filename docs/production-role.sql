-- Recheck's application role on PostgreSQL: it reads and writes rows, and owns nothing.
--
-- Migrations run as the role that owns the tables (the owner). The web processes, the Celery
-- workers and beat connect as recheck_app. Not being the owner, recheck_app cannot TRUNCATE,
-- ALTER or DROP a table, nor disable or drop a trigger; on the record (sign-offs and the audit
-- trail) it can only SELECT and INSERT. Without superuser it cannot
-- SET session_replication_role = replica, which would skip every trigger.
--
-- Run this as the owner, in the app's database, after `manage.py migrate`, and again after
-- every migration (idempotent):
--     psql "$OWNER_DATABASE_URL" -v ON_ERROR_STOP=1 -f docs/production-role.sql
-- Then give the role a password once (not kept here):
--     psql "$OWNER_DATABASE_URL" -c "\password recheck_app"

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'recheck_app') THEN
        CREATE ROLE recheck_app LOGIN;
    END IF;
EXCEPTION WHEN duplicate_object THEN
    NULL;  -- created meanwhile by another session: roles are cluster-wide
END
$$;

ALTER ROLE recheck_app NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

GRANT USAGE ON SCHEMA public TO recheck_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO recheck_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO recheck_app;

-- The record is append-only for the application (triggers refuse UPDATE and DELETE as well).
REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON reviews_signoff, reviews_auditevent
    FROM recheck_app;

-- Tables the owner creates later get the same rights (re-run this file to revoke on new
-- append-only tables).
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO recheck_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO recheck_app;

-- Refuse to finish if the role could act as the owner after all.
DO $$
BEGIN
    IF pg_has_role('recheck_app', current_user, 'USAGE') THEN
        RAISE EXCEPTION 'recheck_app is a member of the owner role %: revoke that membership',
            current_user;
    END IF;
    IF EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'recheck_app')
    THEN
        RAISE EXCEPTION 'recheck_app owns tables: it must own nothing';
    END IF;
END
$$;
