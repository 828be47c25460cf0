"""Reader-report triage (issue 16 item 3): each report has a status, an assignee, notes and a
closing (who, when, why, and for "fixed" the revision). Editors and content admins may see and
triage reports (``view_readerreport``, ``change_readerreport``); notifications gain a kind and a
section for reports."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ROLES = ("Editors", "Content admins")
PERMISSIONS = ("view_readerreport", "change_readerreport")


def grant_triage(apps, schema_editor):
    app_config = apps.get_app_config("reviews")  # permissions are normally made after migrating
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="reviews", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


def revoke_triage(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="reviews", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_squashed_0007_content"),
        ("reviews", "0019_reviewer_invitations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="readerreport",
            name="status",
            field=models.CharField(
                choices=[("open", "Open"), ("closed", "Closed")], default="open", max_length=10
            ),
        ),
        migrations.AddField(
            model_name="readerreport",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assigned_reader_reports",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="readerreport",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="readerreport",
            name="closed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="closed_reader_reports",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="readerreport",
            name="close_reason",
            field=models.CharField(
                blank=True,
                choices=[("fixed", "Fixed"), ("no_change", "No change needed"), ("spam", "Spam")],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="readerreport",
            name="fixed_revision",
            field=models.ForeignKey(
                blank=True,
                help_text="The revision that fixed what the reader reported.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fixed_reader_reports",
                to="cms.historicalarticle",
            ),
        ),
        migrations.AddIndex(
            model_name="readerreport",
            index=models.Index(fields=["status", "-created_at"], name="reader_report_status_idx"),
        ),
        migrations.AddConstraint(
            model_name="readerreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("close_reason", ""), ("closed_at__isnull", True), ("status", "open")),
                    models.Q(
                        ("closed_at__isnull", False),
                        ("status", "closed"),
                        models.Q(("close_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="reader_report_closed_with_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="readerreport",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("fixed_revision__isnull", True), ("close_reason", "fixed"), _connector="OR"
                ),
                name="reader_report_revision_only_when_fixed",
            ),
        ),
        migrations.CreateModel(
            name="ReaderReportNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField()),
                ("created_at", models.DateTimeField()),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reader_report_notes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notes",
                        to="reviews.readerreport",
                    ),
                ),
            ],
            options={"ordering": ["created_at", "pk"]},
        ),
        migrations.AddField(
            model_name="notification",
            name="reader_reports",
            field=models.JSONField(
                blank=True, default=list, help_text="Readers' reports on the recipient's articles."
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("digest", "Daily review digest"),
                    ("escalation", "Escalation"),
                    ("reader_report", "Reader report"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("revision_saved", "Revision saved"),
                    ("signed", "Signed off"),
                    ("changes_requested", "Changes requested"),
                    ("went_live", "Went live"),
                    ("reviewer_assigned", "Reviewer assigned"),
                    ("reviewer_unassigned", "Reviewer unassigned"),
                    ("policy_changed", "Review policy changed"),
                    ("flag_dismissed", "Flag dismissed"),
                    ("flag_resolved", "Flag resolved"),
                    ("flag_reopened", "Flag reopened"),
                    ("flag_changed", "Flag note changed"),
                    ("reviewer_added", "Reviewer profile added"),
                    ("reviewer_changed", "Reviewer profile changed"),
                    ("role_granted", "Role granted"),
                    ("role_revoked", "Role revoked"),
                    ("account_activated", "Account activated"),
                    ("account_deactivated", "Account deactivated"),
                    ("signature_imported", "Signature imported"),
                    ("import_conflict", "Import saved as a pending revision"),
                    ("reader_report_assigned", "Reader report assigned"),
                    ("reader_report_noted", "Note added to a reader report"),
                    ("reader_report_closed", "Reader report closed"),
                    ("reader_report_reopened", "Reader report reopened"),
                ],
                db_index=True,
                max_length=32,
            ),
        ),
        migrations.RunPython(grant_triage, revoke_triage),
    ]
