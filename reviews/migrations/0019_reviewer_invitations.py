"""Reviewer invitations (issue 16 item 1): a reviewer profile, imported ones included, is
invited by email to set up its account. Content admins may invite; the flag kind that says no
assigned reviewer can sign gets its new label (choices read from reviews.choices, as in 0021,
so that later migrations of the same fields never disagree)."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from reviews.choices import FlagKind


def grant_to_content_admins(apps, schema_editor):
    app_config = apps.get_app_config("reviews")  # permissions are made after all migrations
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="reviews",
        codename__in=["invite_reviewer", "view_reviewerinvitation"],
    )
    for group in apps.get_model("auth", "Group").objects.filter(name="Content admins"):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0018_publishing_role"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="flagsnapshot",
            name="kind",
            field=models.CharField(choices=FlagKind.choices, max_length=40),
        ),
        migrations.AlterField(
            model_name="reviewflag",
            name="kind",
            field=models.CharField(choices=FlagKind.choices, max_length=40),
        ),
        migrations.CreateModel(
            name="ReviewerInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                ("sent_at", models.DateTimeField()),
                ("expires_at", models.DateTimeField()),
                ("accepted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "replaced_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When a newer invitation to the same reviewer was sent.",
                        null=True,
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="invitations_sent",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="invitations",
                        to="reviews.reviewer",
                    ),
                ),
            ],
            options={
                "ordering": ["-sent_at", "-id"],
                "permissions": [("invite_reviewer", "Can invite a reviewer to set up an account")],
            },
        ),
        migrations.RunPython(grant_to_content_admins, migrations.RunPython.noop),
    ]
