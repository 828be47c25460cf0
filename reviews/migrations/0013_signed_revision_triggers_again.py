"""cms 0007 alters a column of cms_historicalarticle; on SQLite that rebuilds the table and drops
its triggers. Re-create the SQLite triggers of 0012 afterwards (idempotent; PostgreSQL keeps its
triggers through ALTER COLUMN TYPE)."""

from importlib import import_module

from django.db import migrations

_chain = import_module("reviews.migrations.0012_record_hash_chain")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0012_record_hash_chain"),
        ("cms", "0001_squashed_0007_content"),
    ]

    operations = [
        migrations.RunPython(_chain.create_sqlite_triggers, migrations.RunPython.noop),
    ]
