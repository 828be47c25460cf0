import csv
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import ChangeKind
from cms.services.editing import edit_article, latest_revision
from reviews.models import ArticleReviewer, AuditEvent, FlagSnapshot
from reviews.services.scan import scan_reviews
from tests.factories import (
    ArticleFactory,
    ReviewerFactory,
    TopicFactory,
    UserFactory,
    assign,
    editor_account,
    policy,
    reviewer_account,
    sign,
)

pytestmark = pytest.mark.django_db
REPORTS = ["reports", "report-review-status", "report-workload", "report-unreviewed-edits"]


def today():
    return timezone.localdate()


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="ada", role="Content admins"))
    return client


def overdue_by(days, **kwargs):
    """An article whose review fell due ``days`` ago (Standard policy: 24 months)."""
    article = ArticleFactory(**kwargs)
    due = today() - timedelta(days=days)
    sign(article, on=due.replace(year=due.year - 2) if not (due.month == 2 and due.day == 29)
         else due.replace(year=due.year - 2, day=28))  # fmt: skip
    return article


def library(count=4):
    """``count`` flagged articles of every sort, with topics, reviewers and an editor."""
    editor = editor_account()
    asthma, stroke = TopicFactory(name="Asthma"), TopicFactory(name="Stroke")
    maya, omar = ReviewerFactory(full_name="Maya Patel"), ReviewerFactory(full_name="Omar Haddad")
    for n in range(count):
        article = overdue_by(10 + 100 * n, topic=asthma if n % 2 else stroke, owner=editor)
        assign(article, maya if n % 2 else omar)
    never = ArticleFactory(title="Never reviewed", topic=asthma)
    assign(never, maya)
    scan_reviews(as_of=today())


@pytest.mark.parametrize("name", REPORTS)
def test_reports_are_for_content_admins_only(name, admin_client):
    url = reverse(f"reviews:{name}")
    assert Client().get(url).status_code == 302
    for role in ("Editors", "Medical reviewers"):
        client = Client()
        client.force_login(UserFactory(username=f"u-{role}", role=role))
        assert client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_the_dashboard_counts_ages_forecasts_and_trends(admin_client):
    library()
    soon = ArticleFactory(title="Due next month")
    due = today() + timedelta(days=40)
    sign(soon, on=due.replace(year=due.year - 2, day=min(due.day, 28)))
    FlagSnapshot.objects.create(day=today() - timedelta(days=1), kind="overdue", count=2)
    scan_reviews(as_of=today())

    context = admin_client.get(reverse("reviews:reports")).context
    assert context["flag_counts"]["overdue"] == 4
    assert context["flag_counts"]["never_reviewed"] == 1
    assert [(b.label, b.value) for b in context["aging"].bars] == [
        ("1–30", 1),
        ("31–90", 0),
        ("91–180", 1),
        ("181–365", 2),  # 210 and 310 days
        ("over 365", 0),
    ]
    assert sum(b.value for b in context["forecast"].bars) == 1
    assert [p.value for p in context["trend"].points] == [2, 4]
    assert context["topics"] == [("Asthma", 2), ("Stroke", 2)]
    assert context["reviewers"] == [("Maya Patel MD", 2), ("Omar Haddad MD", 2)]


def _queries(client, url, django_assert_max_num_queries, limit=15):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", REPORTS)
def test_report_query_counts_do_not_grow_with_the_library(
    name, admin_client, django_assert_max_num_queries
):
    url = reverse(f"reviews:{name}")
    library(count=3)

    def grow(n):
        article = overdue_by(5 + 30 * n, owner=None)
        assign(article, ReviewerFactory())
        edit_article(
            article_id=article.pk,
            editor=editor_account(f"e{n}"),
            changes={"title": f"Edited {n}"},
            kind=ChangeKind.EDITORIAL,
            reason="Typo",
            base_revision_id=latest_revision(article).history_id,
            at=timezone.now(),
        )

    grow(0)
    scan_reviews(as_of=today())
    few = _queries(admin_client, url, django_assert_max_num_queries)
    for n in range(1, 13):
        grow(n)
    scan_reviews(as_of=today())
    assert _queries(admin_client, url, django_assert_max_num_queries) == few


def slugs(client, **params):
    page = client.get(reverse("reviews:report-review-status"), params).context["page"]
    return [row.title for row in page.object_list]


def test_the_review_status_table_includes_never_reviewed_as_due_now_and_links(admin_client):
    library(count=2)
    response = admin_client.get(reverse("reviews:report-review-status"))
    rows = response.context["page"].object_list
    assert rows[0].title == "Never reviewed" and rows[0].days_overdue is None
    assert [r.days_overdue for r in rows[1:]] == [110, 10]
    page = response.content.decode()
    assert "due now" in page
    assert reverse("reviews:review", args=[rows[1].slug]) in page
    assert reverse("cms:article-history", args=[rows[1].slug]) in page


def test_the_review_status_table_filters_and_sorts(admin_client):
    library(count=4)
    assert len(slugs(admin_client, flag="never_reviewed")) == 1
    assert len(slugs(admin_client, topic="asthma")) == 3
    assert len(slugs(admin_client, reviewer="Omar Haddad MD")) == 2
    assert len(slugs(admin_client, editor="ellen")) == 4
    assert len(slugs(admin_client, topic="No such topic")) == 0
    assert len(slugs(admin_client, policy=policy("Evergreen").pk)) == 0  # an old link's id
    assert len(slugs(admin_client, policy="evergreen")) == 0
    assert len(slugs(admin_client, policy="Standard")) == 5
    assert len(slugs(admin_client, min_days=100, max_days=250)) == 2
    # Never reviewed has no days overdue, so no days range lists it (it was "0 days" before).
    assert len(slugs(admin_client, max_days=0)) == 0
    assert "Never reviewed" not in slugs(admin_client, min_days=-10_000, max_days=10_000)
    titles = slugs(admin_client, sort="title")
    assert titles == sorted(titles)
    assert slugs(admin_client, sort="-days_overdue")[-1] == "Never reviewed"
    bad = admin_client.get(reverse("reviews:report-review-status"), {"min_days": 9, "max_days": 1})
    assert "The range ends before it starts." in bad.content.decode()


def test_the_review_status_table_paginates(admin_client):
    editor = editor_account()
    for n in range(55):
        ArticleFactory(owner=editor, title=f"Sheet {n:02}")
    scan_reviews(as_of=today())
    first = admin_client.get(reverse("reviews:report-review-status")).context["page"]
    assert len(first.object_list) == 50 and first.has_next() and not first.has_previous()
    second = admin_client.get(reverse("reviews:report-review-status"), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    assert not second.context["page"].has_next()
    assert "Page 2" in second.content.decode() and "‹ Previous" in second.content.decode()
    assert (
        admin_client.get(reverse("reviews:report-review-status"), {"page": "x"}).status_code == 200
    )


def _download(client, fmt, **params):
    response = client.get(reverse("reviews:report-review-status"), {**params, "format": fmt})
    assert response.streaming
    assert (
        f'filename="review-status-{today().isoformat()}.{fmt}"' in response["Content-Disposition"]
    )
    return b"".join(response.streaming_content).decode()


def test_csv_and_json_downloads_carry_the_filtered_rows_and_the_cli_columns(admin_client):
    library(count=2)
    rows = json.loads(_download(admin_client, "json", flag="overdue"))
    assert [r["days_overdue"] for r in rows] == [110, 10]
    assert list(rows[0]) == [
        "slug",
        "title",
        "language",
        "topic",
        "policy",
        "signed_by",
        "assigned",
        "last_reviewed",
        "next_review_due",
        "days_overdue",
        "reading_grade",
        "flags",
        "reasons",
    ]
    table = list(csv.DictReader(StringIO(_download(admin_client, "csv"))))
    assert len(table) == 3 and table[0]["days_overdue"] == ""


def test_workload_counts_per_reviewer(admin_client):
    maya = reviewer_account()
    for days in (10, 400):
        assign(overdue_by(days), maya)
    assign(ArticleFactory(title="Never reviewed"), maya)
    rows = admin_client.get(reverse("reviews:report-workload")).context["page"].object_list
    row = next(load for reviewer, load in rows if reviewer.pk == maya.pk)
    assert (row.assigned, row.overdue, row.awaiting, row.recent_signoffs) == (3, 2, 0, 0)


def test_bulk_reassignment_needs_a_reason_and_is_audited(admin_client):
    leaving = ReviewerFactory(full_name="Leaving Soon")
    taking = reviewer_account("Taking Over")  # the one taking over must be able to sign
    articles = [ArticleFactory() for _ in range(3)]
    for article in articles:
        assign(article, leaving)
    ArticleReviewer.objects.create(article=articles[0], reviewer=taking, position=1)
    url = reverse("reviews:report-workload")

    names = {"from_reviewer": "Leaving Soon", "to_reviewer": "Taking Over"}
    refused = admin_client.post(url, names)
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert ArticleReviewer.objects.filter(reviewer=leaving).count() == 3

    done = admin_client.post(url, {**names, "reason": "Retiring"})
    assert done.status_code == 302
    assert not ArticleReviewer.objects.filter(reviewer=leaving).exists()
    assert ArticleReviewer.objects.filter(reviewer=taking).count() == 3
    events = AuditEvent.objects.filter(action="reviewer_assigned", detail__endswith="Retiring")
    assert events.count() == 3


def _editorial_edit(article, changes, reason):
    return edit_article(
        article_id=article.pk,
        editor=editor_account(),
        changes=changes,
        kind=ChangeKind.EDITORIAL,
        reason=reason,
        base_revision_id=latest_revision(article).history_id,
        at=timezone.now(),
    )


def test_unreviewed_edits_show_each_edit_with_its_diff(admin_client):
    article = ArticleFactory(title="Gout: Diet")
    sign(article, on=date(2026, 1, 1))
    _editorial_edit(article, {"title": "Gout: Eating Well"}, "Friendlier title")
    page = admin_client.get(reverse("reviews:report-unreviewed-edits")).content.decode()
    assert "Friendlier title" in page
    assert "<del>Diet</del>" in page and "<ins>Eating Well</ins>" in page


def test_unreviewed_edits_are_diffed_against_the_last_signed_revision(admin_client):
    article = ArticleFactory(title="Gout: Diet", body=[{"type": "paragraph", "text": "Rest."}])
    signed = article.live_revision
    sign(article, on=date(2026, 1, 1))
    _editorial_edit(
        article, {"body": [{"type": "paragraph", "text": "Take 80 mg daily."}]}, "Clinical"
    )
    article.refresh_from_db()
    typo = _editorial_edit(
        article, {"body": [{"type": "paragraph", "text": "Take 80 mg daily!"}]}, "Typo fix"
    )
    edits = admin_client.get(reverse("reviews:report-unreviewed-edits")).context["edits"]
    revision, diff = edits[0]
    assert revision.history_id == typo.history_id
    assert revision.signed_base_id == signed.history_id
    # The small typo fix shows everything changed since the signed text, not only the "!".
    assert "Take 80 mg daily!" in str(diff) and "Rest." in str(diff)


def test_the_dashboard_reads_the_figures_stored_by_the_last_scan(admin_client):
    from io import StringIO as Out

    from django.core.management import call_command

    library(count=2)
    call_command("scan_reviews", stdout=Out())  # stores the day's figures
    overdue_by(500)  # a change after the scan shows after the next one
    context = admin_client.get(reverse("reviews:reports")).context
    assert context["computed_at"] is not None
    assert context["flag_counts"]["overdue"] == 2
    assert (
        "the charts and lists are as of today's review scan"
        in admin_client.get(reverse("reviews:reports")).content.decode()
    )
    call_command("scan_reviews", stdout=Out())
    assert admin_client.get(reverse("reviews:reports")).context["flag_counts"]["overdue"] == 3


def test_the_old_overdue_address_redirects_permanently_with_its_filters(admin_client):
    response = admin_client.get("/reports/overdue/?flag=overdue&topic=Asthma")
    assert response.status_code == 301
    assert response["Location"] == "/reports/review-status/?flag=overdue&topic=Asthma"
    assert reverse("reviews:report-review-status") == "/reports/review-status/"
    editor = Client()
    editor.force_login(UserFactory(username="e", role="Editors"))
    assert editor.get("/reports/overdue/").status_code == 403


def test_the_page_is_titled_by_what_it_lists(admin_client):
    page = admin_client.get(reverse("reviews:report-review-status")).content.decode()
    assert "<h1>Review status</h1>" in page and "<title>Review status – Recheck" in page
    assert "Overdue report" not in page


def test_every_filter_has_a_label_and_the_reviewer_a_search_field(admin_client):
    form = admin_client.get(reverse("reviews:report-review-status")).context["form"]
    labels = {name: field.label for name, field in form.fields.items()}
    assert labels == {
        "flag": "Open flag", "topic": "Topic", "language": "Language", "policy": "Policy",
        "reviewer": "Reviewer", "editor": "Editor", "min_days": "Days overdue from",
        "max_days": "to", "min_grade": "Reading grade from", "max_grade": "to", "sort": "Sort",
    }  # fmt: skip
    page = admin_client.get(reverse("reviews:report-review-status")).content.decode()
    assert "[invalid name]" not in page
    assert 'name="reviewer" autocomplete="off"' in page  # the workload page's field too


def test_headers_and_sort_links_come_from_the_columns(admin_client):
    from reviews.reports.review_status import COLUMNS

    library(count=2)
    response = admin_client.get(reverse("reviews:report-review-status"), {"topic": "asthma"})
    headers = {h.label: h for h in response.context["headers"]}
    assert list(headers) == [c.label for c in COLUMNS if c.display is not None]
    sortable = {label for label, h in headers.items() if h.sort}
    assert sortable == {c.label for c in COLUMNS if c.sortable and c.display is not None}
    assert sortable == {"Title", "Language", "Topic", "Policy", "Last reviewed", "Next due",
                        "Days overdue", "Reading grade"}  # fmt: skip
    # The default sort is most overdue first: its link reverses it; aria-sort says how it reads.
    assert headers["Days overdue"].sort == "-days_overdue"
    assert headers["Days overdue"].aria_sort == "descending"
    assert headers["Next due"].aria_sort == "" and headers["Title"].aria_sort == ""  # one column
    page = response.content.decode()
    assert '<th scope="col">Signed by</th>' in page
    assert 'href="?topic=asthma&amp;sort=title">Title</a>' in page
    assert 'aria-sort="descending"><a href="?topic=asthma&amp;sort=-days_overdue">' in page

    by_title = admin_client.get(reverse("reviews:report-review-status"), {"sort": "title"})
    headers = {h.label: h for h in by_title.context["headers"]}
    assert headers["Title"].sort == "-title" and headers["Title"].aria_sort == "ascending"
    assert headers["Days overdue"].sort == "days_overdue" and not headers["Days overdue"].aria_sort
    # Each row's cells line up with the headers; the links go to the row's article.
    first = by_title.context["page"].object_list[0]
    row = by_title.context["table"][0]
    tick = (
        f'<td><input type="checkbox" name="articles" value="{first.slug}" form="article-bulk" '
        f'aria-label="Select {first.title}"></td>'
    )
    assert row.startswith(f"<tr>{tick}<td>{first.title}</td>")
    assert row.count("<td>") == len(headers) + 1  # and the links' cell
    review, history = (reverse(name, args=[first.slug])
                       for name in ("reviews:review", "cms:article-history"))  # fmt: skip
    links = f'<a href="{review}">Review</a> <a href="{history}">History</a>'
    assert row.endswith(f'<td class="actions">{links}</td></tr>')


def test_an_unknown_sort_is_a_form_error_not_a_crash(admin_client):
    response = admin_client.get(reverse("reviews:report-review-status"), {"sort": "nonsense"})
    assert response.status_code == 200 and response.context["page"] is None
    assert "Select a valid choice" in response.content.decode()


def test_the_page_costs_the_same_queries_with_every_filter(
    admin_client, django_assert_max_num_queries
):
    library(count=3)
    params = {"flag": ["overdue", "never_reviewed"], "topic": "asthma", "policy": "Standard",
              "reviewer": "Maya Patel", "editor": "ellen", "min_days": 1, "max_days": 900,
              "sort": "-title"}  # fmt: skip
    url = reverse("reviews:report-review-status")
    with django_assert_max_num_queries(15) as few:
        assert admin_client.get(url, params).context["page"].object_list
    for n in range(8):
        article = overdue_by(20 + n, topic=TopicFactory(name=f"T{n}"), owner=editor_account())
        assign(article, ReviewerFactory(), ReviewerFactory())
    scan_reviews(as_of=today())
    with django_assert_max_num_queries(len(few)) as more:
        admin_client.get(url, params)
    assert len(more) == len(few)


def test_workload_names_reviewers_in_a_search_field_not_a_select(admin_client):
    for n in range(30):
        ReviewerFactory(full_name=f"Someone {n}")
    page = admin_client.get(reverse("reviews:report-workload")).content.decode()
    assert "<select" not in page
    assert 'name="from_reviewer"' in page and 'name="to_reviewer"' in page
    assert page.count('autocomplete="off"') >= 2
    assert "Someone 29" not in page.split("Reassign all")[1]  # no list of every reviewer


def test_workload_reassignment_resolves_names_with_clear_errors(admin_client):
    leaving = ReviewerFactory(full_name="Leaving Soon", credentials="RN")
    reviewer_account("Pat Lee", "MD")
    ReviewerFactory(full_name="Pat Lee", credentials="RN",
                    user=UserFactory(username="pat.lee.rn", role="Medical reviewers"))  # fmt: skip
    ReviewerFactory(full_name="Inactive Ida", active=False)
    assign(ArticleFactory(), leaving)
    url = reverse("reviews:report-workload")

    def errors(**data):
        response = admin_client.post(url, {"reason": "Leave", **data})
        assert response.status_code == 200
        return response.context["form"].errors

    assert errors(from_reviewer="Nobody", to_reviewer="Pat Lee MD") == {
        "from_reviewer": ['No reviewer is named "Nobody".']
    }
    assert errors(from_reviewer="leaving soon", to_reviewer="Pat Lee") == {
        "to_reviewer": [
            '2 reviewers are named "Pat Lee" (Pat Lee MD, Pat Lee RN): add the credentials.'
        ]
    }
    refused = errors(from_reviewer="Leaving Soon RN", to_reviewer="Inactive Ida")
    assert "Inactive Ida MD cannot sign now" in refused["to_reviewer"][0]
    done = admin_client.post(
        url, {"from_reviewer": "leaving soon rn", "to_reviewer": "pat lee rn", "reason": "Leave"}
    )
    assert done.status_code == 302
    assert ArticleReviewer.objects.get().reviewer.credentials == "RN"


def test_a_name_that_is_one_reviewers_printed_name_picks_that_reviewer():
    from reviews.forms import ReviewerField

    plain = ReviewerFactory(full_name="Sam Roe", credentials="")
    ReviewerFactory(full_name="Sam Roe", credentials="MD")
    assert ReviewerField().clean("sam roe") == plain


def test_content_admins_can_queue_a_scan_from_the_reports(admin_client):
    response = admin_client.post(reverse("reviews:run-scan"), follow=True)
    assert "The review scan is queued" in response.content.decode()
    assert admin_client.get(reverse("reviews:run-scan")).status_code == 405
    back = admin_client.post(reverse("reviews:run-scan"), {"next": reverse("reviews:reports")})
    assert back["Location"] == reverse("reviews:reports")
    away = admin_client.post(reverse("reviews:run-scan"), {"next": "https://evil.example/"})
    assert away["Location"] == reverse("reviews:home")


def test_the_dashboards_scan_button_returns_to_the_reports(admin_client):
    page = admin_client.get(reverse("reviews:reports")).content.decode()
    assert f'name="next" value="{reverse("reviews:reports")}"' in page


def test_tick_boxes_show_only_to_those_with_bulk_actions(admin_client):
    from django.contrib.auth.models import Permission

    overdue_by(40, title="Gout")
    scan_reviews(as_of=today())
    url = reverse("reviews:report-review-status")
    assert 'name="articles" value=' in admin_client.get(url).content.decode()
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_reports"))
    client = Client()
    client.force_login(viewer)
    page = client.get(url).content.decode()
    assert "Gout" in page and 'name="articles"' not in page


def test_the_name_lists_are_json_for_those_who_see_the_reports(admin_client):
    """The report filters' suggestions (``report_names``): each list as JSON, a clear 400 for
    an unknown one, and nothing for those who may not see the reports."""
    ReviewerFactory(full_name="Maya Patel")
    ArticleFactory(owner=editor_account("ellen"))
    url = reverse("reviews:report-names")
    assert admin_client.get(url, {"list": "reviewers"}).json() == {"names": ["Maya Patel"]}
    assert admin_client.get(url, {"list": "editors"}).json() == {"names": ["ellen"]}
    assert "en" in admin_client.get(url, {"list": "languages"}).json()["names"]
    for bad in ({}, {"list": "passwords"}, {"list": "x" * 5000}):
        response = admin_client.get(url, bad)
        assert response.status_code == 400 and "reviewers" in response.json()["error"]
    assert admin_client.post(url, {"list": "reviewers"}).status_code == 405
    editor = Client()
    editor.force_login(editor_account("eric"))
    assert editor.get(url, {"list": "reviewers"}).status_code == 403


def test_the_report_page_carries_no_names_and_costs_fewer_queries(admin_client):
    for n in range(5):
        ReviewerFactory(full_name=f"Reviewer {n}")
    page = admin_client.get(reverse("reviews:report-review-status")).content.decode()
    assert "Reviewer 3" not in page and 'data-names="' in page and "reviews/names.js" in page


def test_the_cached_filter_fields_follow_the_query_the_language_and_the_policies(admin_client):
    """The filter fields' HTML is cached under what it depends on (``_fields_key``): each
    request still shows its own values and errors, in its language, with the current policies."""
    url = reverse("reviews:report-review-status")
    assert 'name="min_days" value="5"' in admin_client.get(url, {"min_days": "5"}).text
    assert 'name="min_days" value="7"' in admin_client.get(url, {"min_days": "7"}).text
    invalid = admin_client.get(url, {"min_days": "soon"}).text
    assert 'class="error">Enter a whole number.' in invalid
    assert "Enter a whole number." not in admin_client.get(url, {"min_days": "5"}).text
    english = admin_client.get(url).text
    spanish = admin_client.get(url, headers={"accept-language": "es"}).text
    assert "Due soon" in english and "Vence pronto" in spanish and "Vence pronto" not in english
    evergreen = policy("Evergreen")
    evergreen.name = "Evergreen (5 years)"
    evergreen.save()
    assert '<option value="Evergreen (5 years)">' in admin_client.get(url).text
