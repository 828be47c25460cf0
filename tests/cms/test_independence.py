"""cms stands alone: no relation, migration, template or URL name of it reaches the review
domain (the import-linter contract in ``make lint`` covers Python imports)."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "cms"


def test_cms_models_relate_only_to_cms_and_users():
    user_app = apps.get_model(settings.AUTH_USER_MODEL)._meta.app_label
    for model in apps.get_app_config("cms").get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model:
                assert field.related_model._meta.app_label in {"cms", user_app}, (
                    f"{model.__name__}.{field.name} -> {field.related_model._meta.label}"
                )


def test_cms_migrations_depend_on_no_reviews_migration():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    cms_nodes = [node for node in graph.leaf_nodes() if node[0] == "cms"]
    assert cms_nodes
    for leaf in cms_nodes:
        apps_before = {app for app, _ in graph.forwards_plan(leaf)}
        assert "reviews" not in apps_before, f"{leaf} needs a reviews migration first"


def test_cms_migrations_name_no_reviews_model():
    for path in (Path(settings.BASE_DIR) / "cms" / "migrations").glob("0*.py"):
        code = path.read_text()
        assert '"reviews.' not in code and "'reviews." not in code, path
        assert '("reviews",' not in code, path


def test_cms_templates_name_no_review_url_or_template():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        assert "'reviews:" not in text and '"reviews:' not in text, path
        assert "reviews/" not in text, path
