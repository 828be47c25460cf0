from datetime import date

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.models import ClinicalEvent, SignOff
from reviews.reports.review_status import COLUMNS, review_status_rows
from reviews.reports.review_status_filter import ReviewStatusFilter
from reviews.services.scan import scan_reviews
from reviews.services.signoff import revision_hash
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    TopicFactory,
    UserFactory,
    assign,
    at_nine,
    editor_account,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def library():
    overdue = ArticleFactory(slug="overdue", topic=TopicFactory(name="Asthma"))
    sign(overdue, on=date(2023, 10, 1))
    ArticleFactory(slug="never")
    fine = ArticleFactory(slug="fine")
    sign(fine, on=date(2026, 6, 1))
    scan_reviews(as_of=date.today())
    return overdue


def test_tokens_are_required(library):
    assert APIClient().get("/api/articles/").status_code == 401
    editor = editor_account()
    assert api_for(editor).get("/api/articles/").status_code == 200


def test_articles_list_filters_and_detail(library):
    client = api_for(editor_account())
    listed = client.get("/api/articles/", {"flag": "overdue"}).json()
    assert [a["slug"] for a in listed["results"]] == ["overdue"]
    assert [
        a["slug"] for a in client.get("/api/articles/", {"due": "never"}).json()["results"]
    ] == ["never"]
    assert client.get("/api/articles/", {"topic": "asthma"}).json()["count"] == 1
    assert client.get("/api/articles/", {"due": "soon"}).status_code == 400

    detail = client.get("/api/articles/overdue/").json()
    assert detail["last_reviewed"] == "2023-10-01" and detail["next_review_due"] == "2025-10-01"
    assert detail["open_flags"] == ["overdue"]
    assert detail["live_revision"]["id"] == library.live_revision.history_id


def test_revisions_and_diff(library):
    editor = editor_account()
    edit_article(
        article_id=library.pk,
        editor=editor,
        changes={"title": "Asthma: Inhalers, updated"},
        kind=ChangeKind.SUBSTANTIVE,
        reason="Retitle",
        base_revision_id=latest_revision(library).history_id,
        at=at_nine(date(2026, 11, 1)),
    )
    client = api_for(editor)
    revisions = client.get("/api/articles/overdue/revisions/").json()["results"]
    assert [r["kind"] for r in revisions] == ["substantive", "imported"]
    diff = client.get("/api/articles/overdue/diff/").json()
    assert ("insert", "Asthma: Inhalers, updated") in [(s["op"], s["text"]) for s in diff["title"]]
    assert client.get("/api/articles/overdue/diff/", {"from": "x"}).status_code == 400


def test_the_api_diff_carries_link_targets_table_rows_and_notes(library):
    from cms.markup import body_from_markup

    editor = editor_account()
    before = "See [spacers](article:spacers).\n\n| Dose | When |\n| --- | --- |\n| 2 | AM |"
    after = (
        "See [spacers](article:inhalers).\n\n| Dose | When |\n| --- | --- |\n| 4 | AM |\n\n"
        "::: warning\nShake it.\n:::"
    )
    for n, markup in enumerate((before, after)):
        edit_article(
            article_id=library.pk,
            editor=editor,
            changes={"body": body_from_markup(markup)},
            kind=ChangeKind.SUBSTANTIVE,
            reason=f"Edit {n}",
            base_revision_id=latest_revision(library).history_id,
            at=at_nine(date(2026, 11, 1 + n)),
        )
    old = latest_revision(library).prev_record.history_id
    diff = api_for(editor).get("/api/articles/overdue/diff/", {"from": old}).json()
    targets = [(s["op"], s["text"]) for b in diff["blocks"] for s in b["segments"]
               if s["role"] == "target"]  # fmt: skip
    assert ("delete", "article:spacers") in targets and ("insert", "article:inhalers") in targets
    table = next(b for b in diff["blocks"] if b["type"] == "table")
    cells = [[(s["op"], s["text"]) for s in cell] for row in table["rows"] for cell in row["cells"]]
    assert [("delete", "2"), ("insert", "4")] in cells
    callout = next(b for b in diff["blocks"] if b["type"] == "callout")
    assert (callout["status"], callout["kind"]) == ("inserted", "warning")


def test_signing_through_the_api_follows_the_web_rules(library):
    maya = reviewer_account()
    assign(library, maya)
    revision = latest_revision(library)
    client = api_for(maya.user)
    body = {
        "article": "overdue",
        "revision_id": revision.history_id,
        "content_sha256": revision_hash(revision),
        "meaning": "reviewed_no_change",
        "sources_checked": True,
        "password": "wrong",
    }
    refused = client.post("/api/signoffs/", body, format="json")
    assert refused.status_code == 400 and "password is not correct" in refused.json()["detail"]
    signed = client.post("/api/signoffs/", {**body, "password": PASSWORD}, format="json")
    assert signed.status_code == 201
    assert signed.json()["reviewer_name"] == "Maya Patel"
    assert SignOff.objects.filter(reviewer=maya).count() == 1
    listed = client.get("/api/signoffs/", {"article": "overdue"}).json()
    assert listed["count"] == 2
    assert api_for(editor_account()).post("/api/signoffs/", body, format="json").status_code == 403


def test_flags_and_the_review_status_report_match_the_report_rows(library):
    client = api_for(UserFactory(username="ada", role="Content admins"))
    flags = client.get("/api/flags/", {"open": "true"}).json()["results"]
    assert {(f["article"], f["kind"]) for f in flags} == {
        ("overdue", "overdue"),
        ("never", "never_reviewed"),
    }
    report = client.get("/api/reports/review-status/").json()
    today = date.today()
    filters = ReviewStatusFilter({}, as_of=today)
    expected = list(review_status_rows(articles=filters.qs, as_of=today))
    assert [r["slug"] for r in report["results"]] == [row.slug for row in expected]
    assert report["results"][1]["days_overdue"] == expected[1].days_overdue
    # The row's keys are the report's columns, and the values are the columns' own.
    assert [list(row) for row in report["results"]] == [[c.key for c in COLUMNS]] * 2
    assert report["results"] == [{c.key: c.value(row) for c in COLUMNS} for row in expected]


def test_the_old_report_path_is_an_alias(library):
    client = api_for(UserFactory(username="ada", role="Content admins"))
    old = client.get("/api/reports/overdue/", {"flag": "overdue"})
    assert old.status_code == 200
    assert old.json() == client.get("/api/reports/review-status/", {"flag": "overdue"}).json()
    assert [r["slug"] for r in old.json()["results"]] == ["overdue"]


def test_the_report_refuses_invalid_filters_with_400(library):
    client = api_for(UserFactory(username="ada", role="Content admins"))
    for params in ({"sort": "nonsense"}, {"flag": "sleepy"}, {"min_days": "x"},
                   {"min_days": 9, "max_days": 1}, {"policy": "No such policy"}):  # fmt: skip
        response = client.get("/api/reports/review-status/", params)
        assert response.status_code == 400, params
    errors = client.get("/api/reports/review-status/", {"min_days": 9, "max_days": 1}).json()
    assert errors == {"max_days": ["The range ends before it starts."]}


def test_the_schema_lists_the_report_filters_and_columns():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/reports/review-status/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert set(ReviewStatusFilter.base_filters) <= names
    assert schema["paths"]["/api/reports/overdue/"]["get"]["deprecated"] is True
    row = schema["components"]["schemas"]["ReviewStatusRow"]
    assert list(row["properties"]) == [c.key for c in COLUMNS]


def test_clinical_events_are_managed_by_content_admins_only(library):
    admin = api_for(UserFactory(username="ada", role="Content admins"))
    created = admin.post(
        "/api/events/",
        {"term": "Revumenib", "synonyms": ["Revuforj"], "event_date": "2024-11-15",
         "kind": "fda_approval"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201
    event_id = created.json()["id"]
    assert (
        admin.patch(f"/api/events/{event_id}/", {"note": "Approved"}, format="json").status_code
        == 200
    )
    assert ClinicalEvent.objects.get().note == "Approved"
    editor = api_for(editor_account())
    assert editor.get("/api/events/").status_code == 403
    assert editor.delete(f"/api/events/{event_id}/").status_code == 403
    assert admin.delete(f"/api/events/{event_id}/").status_code == 204


def test_the_schema_and_docs_are_served(client):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    assert client.get(reverse("api:docs")).status_code == 200


def test_the_api_refuses_hidden_characters_in_event_terms_and_normalises_them():
    admin = APIClient()
    admin.force_authenticate(UserFactory(username="ada-events", role="Content admins"))
    bad = {"term": "Revu\u202emenib", "event_date": "2026-01-05", "kind": "other"}
    response = admin.post("/api/events/", bad, format="json")
    assert response.status_code == 400 and "term" in response.json()
    synonym = {**bad, "term": "Revumenib", "synonyms": ["Revu\x1fforj"]}
    assert admin.post("/api/events/", synonym, format="json").status_code == 400
    good = admin.post(
        "/api/events/", {**bad, "term": "Cafe\u0301 drug", "synonyms": []}, format="json"
    )
    assert good.status_code == 201 and good.json()["term"] == "Caf\u00e9 drug"
    event_id = good.json()["id"]
    patched = admin.patch(f"/api/events/{event_id}/", {"note": "Approved"}, format="json")
    assert patched.status_code == 200 and patched.json()["term"] == "Caf\u00e9 drug"
    hidden = admin.patch(f"/api/events/{event_id}/", {"term": "x\u200by"}, format="json")
    assert hidden.status_code == 400
