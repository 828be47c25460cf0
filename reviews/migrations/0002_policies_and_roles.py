"""Creates the three default review policies and the three role groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

POLICIES = [
    # name, interval months, window days, withdrawal months, sign-offs, default
    ("Standard", 24, 60, 60, 1, True),
    ("Medication & fast-moving", 12, 60, 60, 1, False),
    ("Evergreen", 36, 60, 60, 1, False),
]

ROLES = {
    "Editors": {
        "cms": {"article": "add change view", "topic": "add change view"},
        "reviews": {
            "articlereviewer": "add change delete view",
            "reviewer": "view",
            "reviewpolicy": "view",
            "signoff": "view",
            "reviewflag": "view",
        },
    },
    "Medical reviewers": {
        "cms": {"article": "view", "topic": "view"},
        "reviews": {
            "articlereviewer": "view",
            "reviewer": "view",
            "reviewpolicy": "view",
            "signoff": "add view",
            "reviewflag": "view",
        },
    },
    "Content admins": {
        "cms": {"article": "view", "topic": "add change delete view"},
        "reviews": {
            "articlereviewer": "add change delete view",
            "reviewer": "add change view",
            "reviewpolicy": "add change view",
            "signoff": "view",
            "reviewflag": "change view",
        },
    },
}


def create_policies_and_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_label in ("cms", "reviews"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ReviewPolicy = apps.get_model("reviews", "ReviewPolicy")
    for name, interval, window, withdrawal, signoffs, is_default in POLICIES:
        ReviewPolicy.objects.get_or_create(
            name=name,
            defaults={
                "interval_months": interval,
                "review_window_days": window,
                "withdrawal_after_months": withdrawal,
                "required_signoffs": signoffs,
                "is_default": is_default,
            },
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions.split()]
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                )


def remove_policies_and_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("reviews", "ReviewPolicy").objects.filter(
        name__in=[p[0] for p in POLICIES], articles__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("cms", "0001_squashed_0007_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_policies_and_roles, remove_policies_and_roles)]
