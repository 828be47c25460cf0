"""On PostgreSQL, a trigger refuses UPDATE and DELETE on sign-offs, whatever the client."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION reviews_signoff_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reviews_signoff is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reviews_signoff_append_only
    BEFORE UPDATE OR DELETE ON reviews_signoff
    FOR EACH ROW EXECUTE FUNCTION reviews_signoff_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS reviews_signoff_append_only ON reviews_signoff;
DROP FUNCTION IF EXISTS reviews_signoff_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_policies_and_roles")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
