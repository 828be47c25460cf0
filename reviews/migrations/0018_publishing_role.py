"""The "Publishing sites" role: API accounts of the sites that show the articles, which read
published articles and their live revisions, and nothing else (no drafts, flags or reports).
Content admins may view articles' review state and change an article's policy in the admin,
and see and clear login locks (cms.LoginFailure)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Publishing sites"


def create_role(apps, schema_editor):
    for app_label in ("cms", "reviews"):  # permissions are normally made after all migrations
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="reviews", codename="view_published")
    )
    admins = Group.objects.filter(name="Content admins").first()
    if admins is not None:
        admins.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="reviews",
                codename__in=["view_articlereview", "change_articlereview"],
            ),
            *Permission.objects.filter(
                content_type__app_label="cms",
                codename__in=["view_loginfailure", "delete_loginfailure"],
            ),
        )


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0017_policy_refresh_state")]

    operations = [
        migrations.AlterModelOptions(
            name="articlereview",
            options={
                "permissions": [
                    (
                        "view_published",
                        "Can read published articles and their live revisions (publishing API)",
                    )
                ],
                "verbose_name": "article review state",
            },
        ),
        migrations.RunPython(create_role, remove_role),
    ]
