"""Triggers from public drug data (issue 18): each format, malformed records, brand names,
boxed-warning changes, recalls, idempotent re-imports, mentions and the scan."""

import json
import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import (
    AuditEvent,
    ClinicalEvent,
    DrugConcept,
    DrugMention,
    DrugName,
    ReviewFlag,
)
from reviews.services.mentions import rematch_all_articles
from reviews.services.policies import save_policy
from reviews.services.scan import scan_reviews
from tests.factories import ArticleFactory, at_nine, sign
from tests.samples import SAMPLE

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "drugdata"
TODAY = date(2026, 11, 23)


def run(*paths, rematch=True):
    out, err = StringIO(), StringIO()
    args = [str(p) for p in paths] + (["--rematch"] if rematch else [])
    call_command("import_drug_data", *args, "-v", "0", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def sheet(text, reviewed_on=date(2023, 10, 1)):
    article = ArticleFactory(body=[{"type": "paragraph", "text": text}])
    sign(article, on=reviewed_on)
    return article


def trigger(article):
    return ReviewFlag.objects.filter(
        article=article, kind="trigger", resolved_on__isnull=True
    ).first()


def snapshot():
    return (
        sorted(ClinicalEvent.objects.values_list("source_key", "kind", "event_date", "term")),
        sorted(DrugName.objects.values_list("concept__name", "normalised", "kind")),
        DrugConcept.objects.count(),
        ClinicalEvent.history.count(),
    )


def test_drugs_at_fda_original_approval():
    out, _ = run(FIXTURES / "drugsatfda" / "Submissions.txt")
    event = ClinicalEvent.objects.get(source_key="drugsatfda:218944:orig")
    assert (event.term, event.kind, event.event_date) == (
        "Revumenib",
        "fda_approval",
        date(2024, 11, 15),
    )
    assert "ApplNo=218944" in event.source_url
    assert "fda_approval: 1 created" in out
    names = set(event.concept.names.values_list("normalised", "kind"))
    assert {("revumenib", "ingredient"), ("revuforj", "brand")} <= names


def test_rxnorm_maps_a_brand_to_its_ingredient():
    run(FIXTURES / "rxnorm" / "RXNCONSO.RRF")
    concept = DrugConcept.objects.get(rxcui="83367")
    assert concept.name == "Atorvastatin"
    assert set(concept.names.values_list("normalised", "kind")) == {
        ("atorvastatin", "ingredient"),
        ("lipitor", "brand"),
    }
    assert not DrugName.objects.filter(normalised__contains="20 mg").exists()  # SCD skipped


def test_a_boxed_warning_added_between_versions_raises_an_event_and_the_first_label_too():
    out, _ = run(FIXTURES / "openfda" / "drug-label-fixture.json")
    warnings = ClinicalEvent.objects.filter(kind="boxed_warning").order_by("event_date")
    assert [(e.term, e.event_date) for e in warnings] == [
        ("Montelukast", date(2020, 3, 4)),
        ("Revumenib", date(2024, 11, 15)),
    ]
    label_change = ClinicalEvent.objects.get(kind="label_change")
    assert label_change.event_date == date(2020, 3, 4)
    assert "dailymed.nlm.nih.gov" in label_change.source_url


def label(set_id, version, effective, boxed=None):
    record = {
        "set_id": set_id,
        "version": str(version),
        "effective_time": effective,
        "openfda": {"generic_name": ["PONATINIB"], "brand_name": ["ICLUSIG"]},
    }
    if boxed is not None:
        record["boxed_warning"] = [boxed]
    return record


def write_json(tmp_path, name, results):
    path = tmp_path / name
    path.write_text(json.dumps({"meta": {}, "results": results}), encoding="utf-8")
    return path


def test_an_unchanged_boxed_warning_raises_no_event_and_a_changed_one_does(tmp_path):
    text = "WARNING: ARTERIAL OCCLUSIVE EVENTS"
    run(write_json(tmp_path, "a.json", [label("s-1", 1, "20200101", text)]))
    assert ClinicalEvent.objects.filter(kind="boxed_warning").count() == 1
    run(write_json(tmp_path, "b.json", [label("s-1", 2, "20210101", "  " + text + "\n")]))
    assert ClinicalEvent.objects.filter(kind="boxed_warning").count() == 1  # same text
    assert ClinicalEvent.objects.filter(kind="label_change").count() == 1
    run(write_json(tmp_path, "c.json", [label("s-1", 3, "20220101", text + " AND HEPATOTOXICITY")]))
    changed = ClinicalEvent.objects.filter(kind="boxed_warning").order_by("event_date").last()
    assert changed.event_date == date(2022, 1, 1)
    assert "changed from label version 2" in changed.note


def test_a_recall_raises_an_event_class_ii_is_recorded_class_iii_skipped(tmp_path):
    out, _ = run(FIXTURES / "openfda" / "drug-enforcement-fixture.json")
    class_ii = ClinicalEvent.objects.get(kind="class_ii_recall")  # D-609-2013, Cleocin Phosphate
    assert (class_ii.term, class_ii.event_date) == ("Clindamycin", date(2013, 6, 4))
    # D-0859-2016 (Teva, amikacin) has an empty openfda block, like most Class I recalls, and
    # names no drug of this vocabulary: skipped, with its reason.
    assert not ClinicalEvent.objects.filter(kind="class_i_recall").exists()
    assert "Skipped 1: recall with no openfda drug names and no known drug in its product" in out


def _rxnorm_ingredient(tmp_path, rxcui, name):
    """A one-line RxNorm release made by the test (the RXCUI is the test's, not NLM's)."""
    folder = tmp_path / f"rrf-{rxcui}"
    folder.mkdir()
    (folder / "RXNCONSO.RRF").write_text(
        f"{rxcui}|ENG||||||A{rxcui}||{rxcui}||RXNORM|IN|{rxcui}|{name}||N|4096|\n",
        encoding="utf-8",
    )
    (folder / "RXNREL.RRF").write_text("", encoding="utf-8")
    return folder


def test_a_class_i_recall_with_empty_openfda_is_attributed_by_its_product_description(tmp_path):
    run(_rxnorm_ingredient(tmp_path, "999002", "amikacin"))
    run(FIXTURES / "openfda" / "drug-enforcement-fixture.json")
    recall = ClinicalEvent.objects.get(kind="class_i_recall")
    assert (recall.term, recall.event_date, recall.source_key) == (
        "Amikacin",
        date(2016, 3, 9),  # recall_initiation_date of D-0859-2016
        f"openfda-enforcement:D-0859-2016:{recall.concept_id}",  # number and concept
    )
    assert recall.concept.rxcui == "999002"
    assert recall.note.startswith(
        "Class I recall D-0859-2016 (drug named in the product description): Presence of "
        "Particulate Matter"
    )
    before = snapshot()
    run(FIXTURES / "openfda" / "drug-enforcement-fixture.json")
    assert snapshot() == before


def _recall(number, product, classification="Class I"):
    return {
        "recall_number": number,
        "classification": classification,
        "report_date": "20200101",
        "product_description": product,
        "openfda": {},
    }


def test_a_brand_in_a_product_description_counts_as_its_ingredient(tmp_path):
    run(FIXTURES / "rxnorm", FIXTURES / "drugsatfda")
    run(
        write_json(
            tmp_path,
            "recalls.json",
            [
                _recall("D-1", "LIPITOR (atorvastatin calcium) tablets, 20 mg"),
                _recall("D-2", "Lipitorx and Revuforjs tablets"),  # no whole word: skipped
                _recall("D-3", "Lipitor and REVUFORJ tablets co-packaged"),
            ],
        )
    )
    events = ClinicalEvent.objects.filter(kind="class_i_recall")
    assert sorted((e.source_key.split(":", 2)[1], e.term) for e in events) == [
        ("D-1", "Atorvastatin"),
        ("D-3", "Atorvastatin"),
        ("D-3", "Revumenib"),
    ]
    assert events.get(term="Atorvastatin", source_key__startswith="openfda-enforcement:D-1:")
    assert events.filter(source_key__startswith="openfda-enforcement:D-3:").count() == 2


def test_a_recall_matched_to_one_more_drug_later_keeps_its_first_event(tmp_path):
    recalls = write_json(tmp_path, "recalls.json", [_recall("D-4", "Lipitor and Revuforj kit")])
    run(FIXTURES / "rxnorm")  # atorvastatin and Lipitor only
    run(recalls)
    first = ClinicalEvent.objects.get(kind="class_i_recall")
    run(FIXTURES / "drugsatfda")  # revumenib joins the vocabulary
    run(recalls)
    events = ClinicalEvent.objects.filter(kind="class_i_recall")
    assert sorted(events.values_list("term", flat=True)) == ["Atorvastatin", "Revumenib"]
    assert events.get(term="Atorvastatin").pk == first.pk  # not a second Atorvastatin event


def test_recalls_are_matched_after_the_labels_of_the_same_import(tmp_path):
    folder = tmp_path / "openfda"
    folder.mkdir()
    write_json(folder, "drug-enforcement-0001-of-0001.json", [_recall("D-9", "Iclusig 45 mg")])
    write_json(folder, "drug-label-0001-of-0001.json", [label("s-1", 1, "20200101")])
    run(folder)
    assert ClinicalEvent.objects.get(kind="class_i_recall").term == "Ponatinib"


def test_reimporting_the_same_files_changes_nothing():
    run(FIXTURES)
    before = snapshot()
    out, _ = run(FIXTURES)
    assert snapshot() == before
    assert "created" in out and "0 created, 0 updated" in out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "labels.json",
            {"results": [label("s-9", 1, "20200101", "WARNING"), label("s-9", "x", "20200101")]},
            ":2: version 'x' is not a whole number",
        ),
        (
            "recalls.json",
            {
                "results": [
                    {
                        "recall_number": "D-1",
                        "classification": "Class I",
                        "report_date": "20200101",
                        "openfda": {"generic_name": ["HEPARIN"]},
                    },
                    {"recall_number": "D-2", "classification": "Class 9"},
                ]
            },
            ":2: classification 'Class 9' is not Class I, Class II or Class III",
        ),
    ],
)
def test_a_malformed_openfda_record_is_named_and_the_rest_load(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(json.dumps(content), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 malformed"):
        call_command("import_drug_data", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == f"{path}{reason}"
    assert ClinicalEvent.objects.count() == 1


def test_a_malformed_drugs_at_fda_row_is_named_and_the_rest_load(tmp_path):
    folder = tmp_path / "drugsatfda"
    shutil.copytree(FIXTURES / "drugsatfda", folder)
    with (folder / "Submissions.txt").open("a", encoding="utf-8") as handle:
        handle.write("999999\t7\tORIG\t1\tAP\t15/11/2024\t\tSTANDARD\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 malformed"):
        call_command("import_drug_data", str(folder), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"{folder / 'Submissions.txt'}:3: SubmissionStatusDate '15/11/2024' is not a date as "
        "YYYY-MM-DD"
    )
    assert ClinicalEvent.objects.filter(source_key="drugsatfda:218944:orig").exists()


def test_a_malformed_rxnorm_line_is_named_and_the_rest_load(tmp_path):
    folder = tmp_path / "rrf"
    shutil.copytree(FIXTURES / "rxnorm", folder)
    with (folder / "RXNCONSO.RRF").open("a", encoding="utf-8") as handle:
        handle.write("1|ENG|cut short|\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 malformed"):
        call_command("import_drug_data", str(folder), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"{folder / 'RXNCONSO.RRF'}:4: 3 fields, not the 18 of RXNCONSO.RRF"
    )
    assert DrugConcept.objects.filter(rxcui="83367").exists()


def test_a_zipped_openfda_download_loads(tmp_path):
    import zipfile

    path = tmp_path / "drug-label-0001-of-0001.json.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(FIXTURES / "openfda" / "drug-label-fixture.json", "drug-label.json")
    run(path)
    assert ClinicalEvent.objects.filter(kind="boxed_warning").count() == 2


def test_a_brand_name_mention_is_flagged_by_its_ingredients_boxed_warning():
    brand_only = sheet("Your child may take Singulair at bedtime.", reviewed_on=date(2019, 6, 1))
    common_word = sheet("Singular nouns are fine.", reviewed_on=date(2019, 6, 1))
    run(FIXTURES)
    scan_reviews(as_of=TODAY)
    assert trigger(brand_only).detail.startswith("Montelukast: Boxed warning on 3/4/2020 (source: ")
    assert trigger(common_word) is None


def test_the_sample_sheet_is_triggered_by_the_drugs_at_fda_approval():
    call_command("import_sheets", str(SAMPLE), "--as-of", "2026-11-23", stdout=StringIO())
    run(FIXTURES / "drugsatfda")
    call_command("scan_reviews", "--as-of", "2026-11-23", stdout=StringIO())
    flag = ReviewFlag.objects.get(kind="trigger", resolved_on__isnull=True)
    assert flag.detail == (
        "Revumenib: FDA approval on 11/15/2024 (source: https://www.accessdata.fda.gov/scripts/"
        "cder/daf/index.cfm?event=overview.process&ApplNo=218944)"
    )


def test_a_published_revision_is_matched_at_once_and_stoplisted_brands_are_skipped():
    run(FIXTURES)
    DrugName.objects.filter(normalised="lipitor").update(stoplisted=True)
    article = sheet("Lipitor and REVUFORJ® (revumenib) tablets.")
    names = set(DrugMention.objects.filter(article=article).values_list("concept__name", flat=True))
    assert names == {"Revumenib"}


def test_rematching_is_idempotent():
    sheet("Atorvastatin, montelukast and revumenib.")
    run(FIXTURES, rematch=False)
    first = rematch_all_articles()
    assert (first.articles, first.added) == (1, 3)
    again = rematch_all_articles()
    assert (again.added, again.removed) == (0, 0)


def test_label_changes_and_class_ii_recalls_flag_only_when_the_policy_asks():
    article = sheet("Singulair and clindamycin.", reviewed_on=date(2020, 1, 1))
    run(FIXTURES)
    scan_reviews(as_of=TODAY)
    assert trigger(article).detail.count(";") == 0  # only the boxed warning
    policy = article.review.policy
    policy.flag_label_changes = policy.flag_class_ii_recalls = True
    save_policy(policy=policy, at=at_nine(TODAY))  # the admin's route, audited
    assert AuditEvent.objects.filter(detail__contains="flag_label_changes").exists()
    scan_reviews(as_of=TODAY)
    assert "Label change on 3/4/2020" in trigger(article).detail
    assert "Class II recall" not in trigger(article).detail  # reviewed after it (2013)


def _scan_queries():
    with CaptureQueriesContext(connection) as captured:
        scan_reviews(as_of=TODAY)
    return len(captured)


def test_a_scan_with_drug_events_takes_the_same_queries_for_5_or_50_articles():
    run(FIXTURES)
    for n in range(5):
        sheet(f"Revumenib, sheet {n}.", reviewed_on=date(2019, 6, 1))
    few = _scan_queries()
    ReviewFlag.objects.all().delete()
    for n in range(45):
        text = f"Singulair, sheet {n}." if n % 2 else f"Nothing relevant {n}."
        sheet(text, reviewed_on=date(2019, 6, 1))
    assert _scan_queries() == few
    assert ReviewFlag.objects.filter(kind="trigger", resolved_on__isnull=True).count() == 27


def test_an_event_typed_in_the_admin_matches_through_the_vocabulary(client):
    from tests.factories import UserFactory

    run(FIXTURES / "rxnorm")
    article = sheet("Lipitor lowers cholesterol.", reviewed_on=date(2024, 1, 1))
    admin = UserFactory(username="ada", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/reviews/clinicalevent/add/",
        {
            "term": "Atorvastatin",
            "synonyms": "[]",
            "event_date": "2025-02-01",
            "kind": "safety_communication",
            "note": "",
            "source_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = ClinicalEvent.objects.get(term="Atorvastatin")
    assert event.concept.rxcui == "83367" and event.source_key is None
    scan_reviews(as_of=TODAY)
    assert trigger(article).detail == "Atorvastatin: Safety communication on 2/1/2025"


def test_without_rematch_the_command_queues_the_task_which_matches_every_article():
    from reviews.tasks import rematch_drug_mentions_task

    sheet("Revumenib.")
    out, _ = run(FIXTURES, rematch=False)
    assert "the rematch task is queued" in out
    assert not DrugMention.objects.exists()
    assert rematch_drug_mentions_task.run() == {"articles": 1, "added": 1, "removed": 0}


def test_a_brand_stoplisted_in_the_admin_is_no_longer_matched(client):
    from tests.factories import UserFactory

    run(FIXTURES / "rxnorm")
    lipitor = DrugName.objects.get(normalised="lipitor")
    client.force_login(UserFactory(username="ada", is_staff=True, is_superuser=True))
    response = client.post(f"/admin/reviews/drugname/{lipitor.pk}/change/", {"stoplisted": "on"})
    assert response.status_code == 302
    article = sheet("Lipitor lowers cholesterol.")
    assert not DrugMention.objects.filter(article=article).exists()


def test_a_drug_first_known_from_the_fda_gets_its_rxcui_from_rxnorm(tmp_path):
    folder = tmp_path / "rrf"
    folder.mkdir()
    (folder / "RXNCONSO.RRF").write_text(
        "999001|ENG||||||A1||999001||RXNORM|IN|999001|revumenib||N|4096|\n", encoding="utf-8"
    )
    (folder / "RXNREL.RRF").write_text("", encoding="utf-8")
    run(FIXTURES / "drugsatfda")
    run(folder)
    assert DrugConcept.objects.get().rxcui == "999001"
