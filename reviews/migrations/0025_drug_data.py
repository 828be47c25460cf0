"""Triggers from public drug data (issue 18): the drug vocabulary, events' source keys, and the
articles' stored drug mentions."""

import re
import unicodedata

import django.db.models.deletion
from django.db import migrations, models


def _normalise(name):
    # reviews.drugdata.names.normalise as of this migration
    text = unicodedata.normalize("NFKC", name or "")
    for mark in "®™©":
        text = text.replace(mark, "")
    return " ".join(text.split()).lower()


def link_hand_entered_events(apps, schema_editor):
    """Events typed in before this migration match through the mentions too: each event's term
    and synonyms become the names of a drug (one per term), and the articles whose live text
    names one as a whole word get the mention (reviews.services.mentions does the same for
    events saved later)."""
    ClinicalEvent = apps.get_model("reviews", "ClinicalEvent")
    DrugConcept = apps.get_model("reviews", "DrugConcept")
    DrugName = apps.get_model("reviews", "DrugName")
    DrugMention = apps.get_model("reviews", "DrugMention")
    Article = apps.get_model("cms", "Article")
    for event in ClinicalEvent.objects.filter(concept__isnull=True).order_by("pk"):
        names, seen = [], set()
        for name in [event.term, *(event.synonyms or [])]:
            key = _normalise(name)
            if key and key not in seen:
                seen.add(key)
                names.append((name.strip(), key))
        if not names:
            continue
        known = DrugName.objects.filter(normalised__in=list(seen)).first()
        concept = known.concept if known else DrugConcept.objects.create(name=event.term)
        for position, (name, key) in enumerate(names):
            DrugName.objects.get_or_create(
                concept=concept,
                normalised=key,
                defaults={"name": name, "kind": "ingredient" if position == 0 else "synonym"},
            )
        ClinicalEvent.objects.filter(pk=event.pk).update(concept=concept)
        pattern = r"(?<!\w)(" + "|".join(re.escape(name) for name, _ in names) + r")(?!\w)"
        rows = Article.objects.filter(live_text__iregex=pattern).values_list(
            "pk", "live_revision_id"
        )
        DrugMention.objects.bulk_create(
            [DrugMention(article_id=pk, concept=concept, revision_id=rev) for pk, rev in rows],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_reading_grade"),
        ("reviews", "0024_reading_grade"),
    ]

    operations = [
        migrations.CreateModel(
            name="DrugConcept",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(help_text="The preferred ingredient name.", max_length=200),
                ),
                (
                    "rxcui",
                    models.CharField(
                        blank=True,
                        help_text="RxNorm RXCUI of the ingredient.",
                        max_length=20,
                        null=True,
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="DrugMention",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="DrugName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=300)),
                ("normalised", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("ingredient", "Ingredient"),
                            ("brand", "Brand name"),
                            ("synonym", "Synonym"),
                        ],
                        max_length=16,
                    ),
                ),
                ("stoplisted", models.BooleanField(default=False)),
            ],
            options={
                "ordering": ["normalised"],
            },
        ),
        migrations.CreateModel(
            name="LabelVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("set_id", models.CharField(max_length=64)),
                ("version", models.PositiveIntegerField()),
                ("effective_on", models.DateField()),
                ("boxed_warning_sha256", models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.RemoveConstraint(
            model_name="clinicalevent",
            name="unique_clinical_event",
        ),
        migrations.AddField(
            model_name="clinicalevent",
            name="source_key",
            field=models.CharField(blank=True, editable=False, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="historicalclinicalevent",
            name="source_key",
            field=models.CharField(blank=True, editable=False, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="reviewpolicy",
            name="flag_class_ii_recalls",
            field=models.BooleanField(
                default=False,
                help_text="Flag an article for review when a drug it names has a Class II recall.",
            ),
        ),
        migrations.AddField(
            model_name="reviewpolicy",
            name="flag_label_changes",
            field=models.BooleanField(
                default=False,
                help_text="Flag an article for review when a drug it names gets a new label version.",
            ),
        ),
        migrations.AlterField(
            model_name="clinicalevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("fda_approval", "FDA approval"),
                    ("boxed_warning", "Boxed warning"),
                    ("safety_communication", "Safety communication"),
                    ("withdrawal", "Withdrawal or recall"),
                    ("class_i_recall", "Class I recall"),
                    ("class_ii_recall", "Class II recall"),
                    ("label_change", "Label change"),
                    ("guideline_change", "Guideline change"),
                    ("other", "Other"),
                ],
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="historicalclinicalevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("fda_approval", "FDA approval"),
                    ("boxed_warning", "Boxed warning"),
                    ("safety_communication", "Safety communication"),
                    ("withdrawal", "Withdrawal or recall"),
                    ("class_i_recall", "Class I recall"),
                    ("class_ii_recall", "Class II recall"),
                    ("label_change", "Label change"),
                    ("guideline_change", "Guideline change"),
                    ("other", "Other"),
                ],
                max_length=32,
            ),
        ),
        migrations.AddConstraint(
            model_name="drugconcept",
            constraint=models.UniqueConstraint(
                condition=models.Q(("rxcui__isnull", False)),
                fields=("rxcui",),
                name="unique_drug_rxcui",
            ),
        ),
        migrations.AddField(
            model_name="clinicalevent",
            name="concept",
            field=models.ForeignKey(
                blank=True,
                help_text="The drug it is about; articles naming any of the drug's names are matched.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="reviews.drugconcept",
            ),
        ),
        migrations.AddField(
            model_name="historicalclinicalevent",
            name="concept",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The drug it is about; articles naming any of the drug's names are matched.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="reviews.drugconcept",
            ),
        ),
        migrations.AddIndex(
            model_name="clinicalevent",
            index=models.Index(fields=["concept", "event_date"], name="reviews_event_concept"),
        ),
        migrations.AddConstraint(
            model_name="clinicalevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_key__isnull", True)),
                fields=("term", "event_date", "kind"),
                name="unique_clinical_event",
            ),
        ),
        migrations.AddConstraint(
            model_name="clinicalevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source_key__isnull", False)),
                fields=("source_key",),
                name="unique_clinical_event_source",
            ),
        ),
        migrations.AddField(
            model_name="drugmention",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cms.article"
            ),
        ),
        migrations.AddField(
            model_name="drugmention",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="mentions",
                to="reviews.drugconcept",
            ),
        ),
        migrations.AddField(
            model_name="drugmention",
            name="revision",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cms.historicalarticle",
            ),
        ),
        migrations.AddField(
            model_name="drugname",
            name="concept",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="names",
                to="reviews.drugconcept",
            ),
        ),
        migrations.AddField(
            model_name="labelversion",
            name="concept",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="label_versions",
                to="reviews.drugconcept",
            ),
        ),
        migrations.AddIndex(
            model_name="drugmention",
            index=models.Index(fields=["concept", "article"], name="reviews_mention_concept"),
        ),
        migrations.AddConstraint(
            model_name="drugmention",
            constraint=models.UniqueConstraint(
                fields=("article", "concept"), name="unique_drug_mention"
            ),
        ),
        migrations.AddIndex(
            model_name="drugname",
            index=models.Index(fields=["normalised"], name="reviews_drugname_normalised"),
        ),
        migrations.AddConstraint(
            model_name="drugname",
            constraint=models.UniqueConstraint(
                fields=("concept", "normalised"), name="unique_drug_name_per_concept"
            ),
        ),
        migrations.AddConstraint(
            model_name="labelversion",
            constraint=models.UniqueConstraint(
                fields=("set_id", "version"), name="unique_label_version"
            ),
        ),
        migrations.RunPython(link_hand_entered_events, migrations.RunPython.noop),
    ]
