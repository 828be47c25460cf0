"""Withdrawal (issue 16 item 4): the permission to withdraw and restore articles, granted to
content admins, and the audit actions for withdrawing, restoring and sending to review."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from reviews.choices import AuditAction

PERMISSION = "withdraw_article"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("reviews")  # permissions are normally made after migrating
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins = Group.objects.filter(name="Content admins").first()
    if admins is not None:
        admins.permissions.add(
            Permission.objects.get(content_type__app_label="reviews", codename=PERMISSION)
        )


def revoke(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="reviews", codename=PERMISSION
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0020_reader_report_triage"), ("cms", "0003_article_withdrawal")]

    operations = [
        migrations.AlterModelOptions(
            name="articlereview",
            options={
                "permissions": [
                    (
                        "view_published",
                        "Can read published articles and their live revisions (publishing API)",
                    ),
                    (PERMISSION, "Can withdraw articles from the public and restore them"),
                ],
                "verbose_name": "article review state",
            },
        ),
        # The choices as the code declares them: other parts of issue 16 add actions in
        # migrations before this one, and a list copied here would drop theirs.
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=AuditAction.choices, db_index=True, max_length=32),
        ),
        migrations.RunPython(grant, revoke),
    ]
