"""The audit trail is append-only: a PostgreSQL trigger, and the view permission for admins."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION recheck_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reviews_auditevent_append_only
    BEFORE UPDATE OR DELETE ON reviews_auditevent
    FOR EACH ROW EXECUTE FUNCTION recheck_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS reviews_auditevent_append_only ON reviews_auditevent;
DROP FUNCTION IF EXISTS recheck_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_trail = Permission.objects.get(
        content_type__app_label="reviews", codename="view_auditevent"
    )
    for group in Group.objects.filter(name="Content admins"):
        group.permissions.add(view_trail)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0004_audit_trail")]

    operations = [migrations.RunPython(forwards, backwards)]
